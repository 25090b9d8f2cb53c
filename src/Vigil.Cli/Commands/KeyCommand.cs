using System.CommandLine;
using System.Globalization;
using Vigil.Common;
using Vigil.Integrity;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil key generate|export|check</c>, <c>vigil sign</c>, <c>vigil verify</c>: OpenPGP signatures that gpg reads and writes.</summary>
public static class KeyCommand
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliEnvironment environment)
    {
        var key = new Command("key", "OpenPGP signing keys: generate (Ed25519, passphrase-protected, 0600), export the public part, check age and strength");
        key.Subcommands.Add(BuildGenerate(globals, environment));
        key.Subcommands.Add(BuildExport(globals, environment));
        key.Subcommands.Add(BuildCheck(globals, environment));
        return [key, BuildSign(globals, environment), BuildVerify(globals, environment)];
    }

    private static Option<int?> PassphraseFd() => new("--passphrase-fd") { Description = "Read the passphrase from this file descriptor (like gpg)", HelpName = "N" };

    private static Option<string?> PassphraseFile() => new("--passphrase-file") { Description = "Read the passphrase from this file (mode 0600)", HelpName = "FILE" };

    private static Command BuildGenerate(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Option<string>("--name") { Description = "The key owner, e.g. \"Gateway Release Signing\"", Required = true };
        var email = new Option<string>("--email") { Description = "The owner's address", Required = true };
        var expires = new Option<string?>("--expires") { Description = "Validity, e.g. 2y, 18m, 365d [default: 2y; 'never' for none]", HelpName = "PERIOD" };
        var directory = new Option<string?>("--out-dir") { Description = "Where to write the key files [default: keys/ in the data directory]", HelpName = "DIR" };
        var passphraseFd = PassphraseFd();
        var passphraseFile = PassphraseFile();
        var command = new Command("generate",
            """
            Make an Ed25519 signing key (OpenPGP v4, the kind gpg 2.2 uses), protected by a passphrase (S2K, AES-256).
            Writes FINGERPRINT.secret.asc (mode 0600) and FINGERPRINT.public.asc; publish the latter.
            """)
        {
            name, email, expires, directory, passphraseFd, passphraseFile,
        };
        command.SetAction(parse =>
        {
            var run = globals.Resolve(parse, environment);
            var validity = parse.GetValue(expires) switch
            {
                "never" => (TimeSpan?)null,
                null => TimeSpan.FromDays(730),
                var text => Durations.Parse(text, "--expires") is { TotalSeconds: > 0 } period ? period : throw new VigilException("--expires must be longer than nothing"),
            };
            var passphrase = Passphrase.Read(environment, parse.GetValue(passphraseFd), parse.GetValue(passphraseFile), "Passphrase for the new key: ");
            try
            {
                var dir = environment.PathOf(parse.GetValue(directory)) ?? Path.Combine(run.DataDirectory.Path, "keys");
                var (secretPath, publicPath, info) = OpenPgpKeys.Generate(parse.GetValue(name)!, parse.GetValue(email)!, validity, passphrase, dir, DateTimeOffset.UtcNow);
                environment.Out.WriteLine(info.Fingerprint);
                run.Notice($"secret key: {secretPath} (0600)\npublic key: {publicPath}{(info.Expires is { } e ? $"\nexpires:    {e:yyyy-MM-dd}" : "")}");
            }
            finally
            {
                Array.Clear(passphrase);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildExport(GlobalOptions globals, CliEnvironment environment)
    {
        var keyFile = new Option<string>("--key") { Description = "The secret key file", HelpName = "FILE", Required = true };
        var command = new Command("export", "Print the public key, ASCII-armored, for 'gpg --import' and for users who check signatures") { keyFile };
        command.SetAction(parse =>
        {
            globals.Resolve(parse, environment);
            environment.Out.Write(OpenPgpKeys.ExportPublic(OpenPgpKeys.ReadSecretKey(environment.PathOf(parse.GetValue(keyFile)!))));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildCheck(GlobalOptions globals, CliEnvironment environment)
    {
        var keyFile = new Option<string>("--key") { Description = "A secret or public key file", HelpName = "FILE", Required = true };
        var rotate = new Option<string>("--rotate-after") { Description = "Rotation period the policy asks for", HelpName = "PERIOD", DefaultValueFactory = _ => "2y" };
        var command = new Command("check", "Report a key's age, algorithm and strength, expiry and rotation due date; exit 2 when it is weak, expired, revoked or due") { keyFile, rotate };
        command.SetAction(parse =>
        {
            globals.Resolve(parse, environment);
            var path = environment.PathOf(parse.GetValue(keyFile)!);
            var keys = OpenPgpKeys.ReadKeyring(path);
            var now = DateTimeOffset.UtcNow;
            var problems = 0;
            foreach (Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRing ring in keys.GetKeyRings())
            {
                var info = OpenPgpKeys.Describe(ring.GetPublicKey());
                var rotation = info.Created + Durations.Parse(parse.GetValue(rotate)!, "--rotate-after");
                var weak = info.Algorithm switch { "ed25519" or "ed448" => false, "rsa" => info.Bits < 3072, _ => true };
                var findings = new List<string>();
                if (weak)
                {
                    findings.Add($"{info.Algorithm} {info.Bits} is weak (use ed25519 or rsa3072+)");
                }
                if (info.Revoked)
                {
                    findings.Add("revoked");
                }
                if (info.Expires is { } expiry && expiry <= now)
                {
                    findings.Add($"expired {expiry:yyyy-MM-dd}");
                }
                if (rotation <= now)
                {
                    findings.Add($"rotation was due {rotation:yyyy-MM-dd}");
                }
                environment.Out.WriteLine($"{info.Fingerprint} {info.UserId}");
                environment.Out.WriteLine($"  algorithm: {info.Algorithm} ({info.Bits} bits), created {info.Created:yyyy-MM-dd} ({(now - info.Created).TotalDays:0} days ago)");
                environment.Out.WriteLine($"  expires:   {(info.Expires is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "never")}; rotate by {rotation:yyyy-MM-dd}");
                environment.Out.WriteLine(findings.Count == 0 ? "  ok" : $"  PROBLEM: {string.Join("; ", findings)}");
                problems += findings.Count;
            }
            return problems > 0 ? ExitCodes.GateFailed : ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildSign(GlobalOptions globals, CliEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The file to sign (read as a stream; any size)" };
        var keyFile = new Option<string>("--key") { Description = "The secret key file (Vigil's, or gpg --export-secret-keys --armor)", HelpName = "FILE", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write the signature [default: FILE.asc]", HelpName = "FILE" };
        var passphraseFd = PassphraseFd();
        var passphraseFile = PassphraseFile();
        var command = new Command("sign", "Make a detached, ASCII-armored OpenPGP signature (FILE.asc) that 'gpg --verify FILE.asc FILE' accepts")
        {
            file, keyFile, output, passphraseFd, passphraseFile,
        };
        command.SetAction(parse =>
        {
            globals.Resolve(parse, environment);
            var path = environment.PathOf(parse.GetValue(file)!);
            var secret = OpenPgpKeys.ReadSecretKey(environment.PathOf(parse.GetValue(keyFile)!));
            var passphrase = Passphrase.Read(environment, parse.GetValue(passphraseFd), parse.GetValue(passphraseFile), $"Passphrase for {OpenPgpKeys.Fingerprint(secret.PublicKey)}: ");
            Org.BouncyCastle.Bcpg.OpenPgp.PgpPrivateKey privateKey;
            try
            {
                privateKey = OpenPgpKeys.Unlock(secret, passphrase);
            }
            finally
            {
                Array.Clear(passphrase);
            }
            var signaturePath = environment.PathOf(parse.GetValue(output)) ?? path + ".asc";
            string armored;
            using (var data = InputFiles.OpenRead(path, 1 << 20))
            {
                armored = OpenPgpSignatures.Sign(data, secret, privateKey, DateTimeOffset.UtcNow);
            }
            Feeds.AtomicFile.Write(signaturePath, stream => stream.Write(System.Text.Encoding.ASCII.GetBytes(armored)));
            environment.Error.WriteLine($"signed {path} with {OpenPgpKeys.Fingerprint(secret.PublicKey)}: {signaturePath}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildVerify(GlobalOptions globals, CliEnvironment environment)
    {
        var signature = new Argument<string>("SIGNATURE") { Description = "A detached signature (e.g. SHA256SUMS.asc) or a clearsigned file (e.g. InRelease); - reads standard input (a clearsigned file, or a signature with --data)" };
        var data = new Option<string?>("--data") { Description = "The signed file, for a detached signature [default: SIGNATURE without .asc/.sig]", HelpName = "FILE" };
        var keyring = new Option<string>("--keyring") { Description = "Public keys to trust (armored or binary; gpg --export output works)", HelpName = "FILE", Required = true };
        var command = new Command("verify", "Check a detached or clearsigned OpenPGP signature (gpg's or Vigil's) against a keyring; exit 0 only for a good signature by a valid key under the signature policy (see the README)")
        {
            signature, data, keyring,
        };
        command.SetAction(parse =>
        {
            globals.Resolve(parse, environment);
            var given = parse.GetValue(signature)!;
            var signaturePath = CliEnvironment.IsStandardInput(given) ? given : environment.PathOf(given);
            var check = Check(environment, signaturePath, parse.GetValue(data), parse.GetValue(keyring)!);
            environment.Out.WriteLine(check.Message);
            return check.IsGood ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }

    /// <summary>Checks a clearsigned file, or a detached signature of a file, against a keyring.</summary>
    private static SignatureCheck Check(CliEnvironment environment, string signaturePath, string? dataPath, string keyringPath)
    {
        var keys = OpenPgpKeys.ReadKeyring(environment.PathOf(keyringPath));
        if (CliEnvironment.IsStandardInput(signaturePath))
        {
            var given = environment.ReadStandardInput();
            if (dataPath is null)
            {
                return OpenPgpSignatures.Verify(ClearSignedMessage.Parse(System.Text.Encoding.UTF8.GetString(given), CliEnvironment.StandardInputName), CliEnvironment.StandardInputName, keys, DateTimeOffset.UtcNow);
            }
            using var signedData = InputFiles.OpenRead(environment.PathOf(dataPath), 1 << 20);
            using var signature = new MemoryStream(given, writable: false);
            return OpenPgpSignatures.Verify(signedData, signature, CliEnvironment.StandardInputName, keys, DateTimeOffset.UtcNow);
        }
        if (dataPath is null && ClearSignedMessage.IsClearSigned(signaturePath))
        {
            return OpenPgpSignatures.Verify(ClearSignedMessage.Read(signaturePath), signaturePath, keys, DateTimeOffset.UtcNow);
        }
        var signed = dataPath is not null
            ? environment.PathOf(dataPath)
            : signaturePath.EndsWith(".asc", StringComparison.Ordinal) || signaturePath.EndsWith(".sig", StringComparison.Ordinal)
                ? signaturePath[..^4]
                : throw new VigilException($"cannot tell which file {signaturePath} signs: pass --data FILE");
        using var stream = InputFiles.OpenRead(signed, 1 << 20);
        return OpenPgpSignatures.Verify(stream, signaturePath, keys, DateTimeOffset.UtcNow);
    }
}
