using System.CommandLine;
using System.Globalization;
using Vigil.Common;
using Vigil.Application;

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

    internal static Option<int?> PassphraseFd() => new("--passphrase-fd") { Description = "Read the passphrase from this file descriptor (like gpg)", HelpName = "N" };

    internal static Option<string?> PassphraseFile() => new("--passphrase-file") { Description = "Read the passphrase from this file (mode 0600)", HelpName = "FILE" };

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
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var validity = parse.GetValue(expires) switch
            {
                "never" => (TimeSpan?)null,
                null => IntegrityUseCases.DefaultKeyValidity,
                var text => Durations.Parse(text, "--expires"),
            };
            var passphrase = Passphrase.Read(environment, parse.GetValue(passphraseFd), parse.GetValue(passphraseFile), "Passphrase for the new key: ");
            try
            {
                var (secretPath, publicPath, info) = await run.Work.Integrity.GenerateKeyAsync(
                    new GenerateKeyRequest(parse.GetValue(name)!, parse.GetValue(email)!, validity, environment.PathOf(parse.GetValue(directory))), passphrase, cancellation);
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
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            environment.Out.Write(await run.Work.Integrity.ExportPublicKeyAsync(environment.PathOf(parse.GetValue(keyFile)!), cancellation));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildCheck(GlobalOptions globals, CliEnvironment environment)
    {
        var keyFile = new Option<string>("--key") { Description = "A secret or public key file", HelpName = "FILE", Required = true };
        var rotate = new Option<string>("--rotate-after") { Description = "Rotation period the policy asks for", HelpName = "PERIOD", DefaultValueFactory = _ => "2y" };
        var command = new Command("check", "Report a key's age, algorithm and strength, expiry and rotation due date; exit 2 when it is weak, expired, revoked or due") { keyFile, rotate };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var now = run.Environment.Clock.GetUtcNow();
            var standings = await run.Work.Integrity.CheckKeysAsync(environment.PathOf(parse.GetValue(keyFile)!), Durations.Parse(parse.GetValue(rotate)!, "--rotate-after"), cancellation);
            var problems = 0;
            foreach (var (info, rotation, findings) in standings)
            {
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
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var path = environment.PathOf(parse.GetValue(file)!);
            var keyPath = environment.PathOf(parse.GetValue(keyFile)!);
            var integrity = run.Work.Integrity;
            var passphrase = Passphrase.Read(environment, parse.GetValue(passphraseFd), parse.GetValue(passphraseFile), $"Passphrase for {await integrity.KeyFingerprintAsync(keyPath, cancellation)}: ");
            try
            {
                var signaturePath = environment.PathOf(parse.GetValue(output)) ?? path + ".asc";
                var fingerprint = await integrity.SignAsync(path, keyPath, passphrase, signaturePath, cancellation);
                environment.Error.WriteLine($"signed {path} with {fingerprint}: {signaturePath}");
            }
            finally
            {
                Array.Clear(passphrase);
            }
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
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var given = parse.GetValue(signature)!;
            var keys = environment.PathOf(parse.GetValue(keyring)!);
            var signed = environment.PathOf(parse.GetValue(data));
            var check = await run.Work.Integrity.VerifySignatureAsync(CliEnvironment.IsStandardInput(given)
                ? new SignatureCheckRequest(CliEnvironment.StandardInputName, keys, SignatureContent: await environment.ReadStandardInputAsync(cancellation), DataPath: signed)
                : new SignatureCheckRequest(environment.PathOf(given), keys, DataPath: signed), cancellation);
            environment.Out.WriteLine(check.Message);
            return check.IsGood ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }
}
