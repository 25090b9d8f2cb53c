using Org.BouncyCastle.Bcpg.OpenPgp;
using Vigil.Common;
using Vigil.Integrity;
using Vigil.Products;

namespace Vigil.Application;

/// <summary>A key to make; a null validity means it never expires.</summary>
public sealed record GenerateKeyRequest(string Name, string Email, TimeSpan? Validity, string? Directory);

public sealed record GeneratedKey(string SecretPath, string PublicPath, SigningKeyInfo Info);

/// <summary>One key's standing under the rotation policy: what is wrong with it, if anything.</summary>
public sealed record KeyStanding(SigningKeyInfo Info, DateTimeOffset RotateBy, IReadOnlyList<string> Problems);

/// <summary>A signature to check: a file, or content already read (a pipe) named <see cref="Name"/>; the signed data for a detached one.</summary>
public sealed record SignatureCheckRequest(string Name, string Keyring, string? SignaturePath = null, byte[]? SignatureContent = null, string? DataPath = null);

/// <summary>A release directory to check against its manifest, optionally signed (detached, or the manifest clearsigned).</summary>
public sealed record ReleaseVerifyRequest(string Directory, string Manifest, string? GitRepository = null, string? Signature = null, string? Keyring = null);

public sealed record WrittenManifest(string Path, ManifestHeader Header);

public sealed record ReleaseVerifyOutcome(VerificationResult Files, SignatureCheck? Signature)
{
    /// <summary>Every file as listed, the commit as recorded, and the signature (when checked) good.</summary>
    public bool Holds => Files.Holds && (Signature?.IsGood ?? true);
}

/// <summary>Signing keys, signatures and release manifests.</summary>
/// <summary>
/// A release manifest sent to the server to be checked and kept: its bytes, a detached signature when it is not
/// clearsigned, and the keyring the release keys are in (the server's).
/// </summary>
public sealed record ManifestCheckRequest(string Product, string Release, byte[] Manifest, byte[]? Signature, string? Keyring);

public sealed class IntegrityUseCases(VigilSettings settings, ProductCatalog catalog, IManifestCheckStore manifestChecks, TimeProvider clock, IWorkObserver observer)
{
    /// <summary>How long a new key is valid unless asked otherwise: two years, CIP's rotation period.</summary>
    public static readonly TimeSpan DefaultKeyValidity = TimeSpan.FromDays(730);

    /// <summary>Makes an Ed25519 key in <see cref="GenerateKeyRequest.Directory"/> (keys/ in the data directory by default).</summary>
    public Task<GeneratedKey> GenerateKeyAsync(GenerateKeyRequest request, ReadOnlyMemory<char> passphrase, CancellationToken cancellation)
    {
        if (request.Validity is { TotalSeconds: <= 0 })
        {
            throw new VigilException("a key's validity must be longer than nothing");
        }
        var directory = request.Directory ?? Path.Combine(settings.DataDirectory.Path, "keys");
        var (secretPath, publicPath, info) = OpenPgpKeys.Generate(request.Name, request.Email, request.Validity, passphrase.Span, directory, clock.GetUtcNow());
        return Task.FromResult(new GeneratedKey(secretPath, publicPath, info));
    }

    /// <summary>
    /// The rotation policy: a key is weak below Ed25519 or RSA 3072, and a problem when revoked, expired or older
    /// than <paramref name="rotateAfter"/>.
    /// </summary>
    public Task<IReadOnlyList<KeyStanding>> CheckKeysAsync(string keyFile, TimeSpan rotateAfter, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var standings = new List<KeyStanding>();
        foreach (PgpPublicKeyRing ring in OpenPgpKeys.ReadKeyring(keyFile).GetKeyRings())
        {
            var info = OpenPgpKeys.Describe(ring.GetPublicKey());
            var rotation = info.Created + rotateAfter;
            var problems = new List<string>();
            if (info.Algorithm switch { "ed25519" or "ed448" => false, "rsa" => info.Bits < 3072, _ => true })
            {
                problems.Add($"{info.Algorithm} {info.Bits} is weak (use ed25519 or rsa3072+)");
            }
            if (info.Revoked)
            {
                problems.Add("revoked");
            }
            if (info.Expires is { } expiry && expiry <= now)
            {
                problems.Add($"expired {expiry:yyyy-MM-dd}");
            }
            if (rotation <= now)
            {
                problems.Add($"rotation was due {rotation:yyyy-MM-dd}");
            }
            standings.Add(new KeyStanding(info, rotation, problems));
        }
        return Task.FromResult<IReadOnlyList<KeyStanding>>(standings);
    }

    public Task<string> ExportPublicKeyAsync(string secretKeyFile, CancellationToken cancellation) =>
        Task.FromResult(OpenPgpKeys.ExportPublic(OpenPgpKeys.ReadSecretKey(secretKeyFile)));

    /// <summary>The fingerprint of the secret key in a file, to ask for its passphrase by name.</summary>
    public Task<string> KeyFingerprintAsync(string secretKeyFile, CancellationToken cancellation) =>
        Task.FromResult(OpenPgpKeys.Fingerprint(OpenPgpKeys.ReadSecretKey(secretKeyFile).PublicKey));

    /// <summary>Writes a detached, armored signature of <paramref name="file"/> (to FILE.asc by default); the fingerprint that signed.</summary>
    public Task<string> SignAsync(string file, string secretKeyFile, ReadOnlyMemory<char> passphrase, string? signaturePath, CancellationToken cancellation)
    {
        var secret = OpenPgpKeys.ReadSecretKey(secretKeyFile);
        var privateKey = OpenPgpKeys.Unlock(secret, passphrase.Span);
        string armored;
        using (var data = InputFiles.OpenRead(file, 1 << 20))
        {
            armored = OpenPgpSignatures.Sign(data, secret, privateKey, clock.GetUtcNow());
        }
        Feeds.AtomicFile.Write(signaturePath ?? file + ".asc", stream => stream.Write(System.Text.Encoding.ASCII.GetBytes(armored)), cancellation: cancellation);
        return Task.FromResult(OpenPgpKeys.Fingerprint(secret.PublicKey));
    }

    /// <summary>Checks a clearsigned file, or a detached signature of a file (FILE for FILE.asc or FILE.sig unless named), against a keyring.</summary>
    public Task<SignatureCheck> VerifySignatureAsync(SignatureCheckRequest request, CancellationToken cancellation)
    {
        var keys = OpenPgpKeys.ReadKeyring(request.Keyring);
        var now = clock.GetUtcNow();
        if (request.SignatureContent is { } given)
        {
            if (request.DataPath is null)
            {
                return Task.FromResult(OpenPgpSignatures.Verify(ClearSignedMessage.Parse(System.Text.Encoding.UTF8.GetString(given), request.Name), request.Name, keys, now));
            }
            using var signedData = InputFiles.OpenRead(request.DataPath, 1 << 20);
            using var signature = new MemoryStream(given, writable: false);
            return Task.FromResult(OpenPgpSignatures.Verify(signedData, signature, request.Name, keys, now));
        }
        var signaturePath = request.SignaturePath ?? request.Name;
        if (request.DataPath is null && ClearSignedMessage.IsClearSigned(signaturePath))
        {
            return Task.FromResult(OpenPgpSignatures.Verify(ClearSignedMessage.Read(signaturePath), signaturePath, keys, now));
        }
        var signed = request.DataPath
            ?? (signaturePath.EndsWith(".asc", StringComparison.Ordinal) || signaturePath.EndsWith(".sig", StringComparison.Ordinal)
                ? signaturePath[..^4]
                : throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.SignedDataUnknown, $"cannot tell which file {signaturePath} signs"));
        using var stream = InputFiles.OpenRead(signed, 1 << 20);
        return Task.FromResult(OpenPgpSignatures.Verify(stream, signaturePath, keys, now));
    }

    /// <summary>Writes a release directory's manifest (DIR/SHA256SUMS or SHA512SUMS unless named) and its JSON header beside it.</summary>
    public async Task<WrittenManifest> WriteManifestAsync(string directory, string? manifestPath, ManifestAlgorithm algorithm, string? gitRepository, string? tag, CancellationToken cancellation)
    {
        var path = manifestPath ?? Path.Combine(directory, ChecksumManifest.FileName(algorithm));
        var header = await observer.WithProgressAsync(progress => Task.Run(() =>
            ReleaseManifest.Write(directory, path, algorithm, gitRepository, tag, settings.ToolVersion, clock.GetUtcNow(), progress), cancellation));
        return new WrittenManifest(path, header);
    }

    /// <summary>The signature of a git tag or commit, against the keys it must come from (git tag -v / git verify-commit).</summary>
    public Task<GitSignatures.GitSignatureCheck> VerifyGitSignatureAsync(string repository, string reference, string keyring, CancellationToken cancellation) =>
        Task.FromResult(GitSignatures.Verify(repository, reference, OpenPgpKeys.ReadKeyring(keyring), clock.GetUtcNow()));

    /// <summary>
    /// Checks a release's manifest against the release keys and keeps the outcome as the release's evidence, good or not;
    /// a manifest that cannot be read is refused and nothing is kept.
    /// </summary>
    public async Task<ManifestCheck> CheckManifestAsync(ManifestCheckRequest request, CancellationToken cancellation)
    {
        var release = await catalog.FindReleaseAsync(request.Product, request.Release, cancellation);
        const string Name = "the uploaded manifest";
        var text = System.Text.Encoding.UTF8.GetString(request.Manifest);
        var clearSigned = ClearSignedMessage.IsClearSignedText(text);
        if (clearSigned && request.Signature is not null)
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.SignatureRedundant, $"{Name} is clearsigned and carries its own signature; a second one is not used");
        }
        SignatureCheck? signature = null;
        if (clearSigned || request.Signature is not null)
        {
            var keys = OpenPgpKeys.ReadKeyring(request.Keyring
                ?? throw new VigilException(ErrorKind.Unavailable, ErrorCodes.KeyringMissing, "this server has no release keyring to check signatures against"));
            if (clearSigned)
            {
                var message = ClearSignedMessage.Parse(text, Name);
                signature = OpenPgpSignatures.Verify(message, Name, keys, clock.GetUtcNow());
                text = message.Text;
            }
            else
            {
                using var signed = new MemoryStream(request.Manifest, writable: false);
                using var detached = new MemoryStream(request.Signature!, writable: false);
                signature = OpenPgpSignatures.Verify(signed, detached, "the uploaded signature", keys, clock.GetUtcNow());
            }
        }
        var algorithm = ChecksumManifest.AlgorithmOf(text);
        var entries = ChecksumManifest.Parse(text, Name, algorithm);
        var check = new ManifestCheck
        {
            Id = Ids.New(),
            ReleaseId = release.Id,
            ManifestSha256 = Sha256Hex.Of(text),
            Algorithm = algorithm,
            Files = entries.Count,
            Signature = signature?.Status,
            SignerFingerprint = signature?.Fingerprint,
            SignerUserId = signature?.UserId,
            Message = signature?.Message ?? "no signature: the manifest is kept, but proves nothing about who made it",
            CheckedAt = clock.GetUtcNow(),
        };
        await manifestChecks.AddManifestCheckAsync(check, $"{request.Product}/{release.Name}", cancellation);
        return check;
    }

    public async Task<IReadOnlyList<ManifestCheck>> ManifestChecksAsync(string product, string release, CancellationToken cancellation) =>
        await manifestChecks.ManifestChecksAsync((await catalog.FindReleaseAsync(product, release, cancellation)).Id, cancellation);

    public async Task<ReleaseVerifyOutcome> VerifyReleaseAsync(ReleaseVerifyRequest request, CancellationToken cancellation)
    {
        SignatureCheck? signature = null;
        string manifestText;
        var path = request.Manifest;
        if (ClearSignedMessage.IsClearSigned(path))
        {
            var keys = request.Keyring is { } keyring
                ? OpenPgpKeys.ReadKeyring(keyring)
                : throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.KeyringMissing, $"{path} is clearsigned, and no keys it must come from were given");
            if (request.Signature is not null)
            {
                throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.SignatureRedundant, $"{path} is clearsigned and carries its own signature; a second one is not used");
            }
            var message = ClearSignedMessage.Read(path);
            signature = OpenPgpSignatures.Verify(message, path, keys, clock.GetUtcNow());
            manifestText = message.Text;
        }
        else
        {
            if (request.Keyring is not null && request.Signature is null)
            {
                throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.SignatureMissing, $"keys were given but no signature, and {path} is not clearsigned");
            }
            // Read once: the bytes whose signature is checked are the bytes that are then parsed.
            var bytes = InputFiles.ReadBytes(path);
            manifestText = System.Text.Encoding.UTF8.GetString(bytes);
            if (request.Signature is { } detached)
            {
                using var signed = new MemoryStream(bytes, writable: false);
                signature = OpenPgpSignatures.Verify(signed, detached, OpenPgpKeys.ReadKeyring(request.Keyring!), clock.GetUtcNow());
            }
        }
        var files = await observer.WithProgressAsync(progress => Task.Run(() => ReleaseManifest.Verify(request.Directory, path, manifestText, request.GitRepository, progress), cancellation));
        return new ReleaseVerifyOutcome(files, signature);
    }
}
