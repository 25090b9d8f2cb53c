namespace Vigil.Tests.Support;

/// <summary>The real gpg in a throwaway home directory, driven in batch mode: the interoperability oracle.</summary>
public sealed class Gpg : IDisposable
{
    public Gpg(string home)
    {
        Home = home;
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // A fixed S2K count: the agent otherwise calibrates it by timing, which a loaded CI machine upsets.
        File.WriteAllText(Path.Combine(home, "gpg-agent.conf"), "allow-loopback-pinentry\ns2k-count 1048576\n");
    }

    public string Home { get; }

    public (int ExitCode, string Out, string Error) Run(params string[] args) =>
        Tool.Run(Home, "gpg", ["--homedir", Home, "--batch", "--no-tty", "--pinentry-mode", "loopback", .. args]);

    /// <summary>Makes an Ed25519 signing key and returns its fingerprint.</summary>
    public string GenerateKey(string userId, string passphrase, string expiry = "2y")
    {
        var made = Run("--passphrase", passphrase, "--quick-gen-key", userId, "ed25519", "sign", expiry);
        if (made.ExitCode != 0 && made.Error.Contains("Corrupted protection", StringComparison.Ordinal))
        {
            // Seen once in a full CI run under load: the agent failed to protect the new key. A fresh agent makes it.
            Tool.Run(Home, "gpgconf", "--homedir", Home, "--kill", "gpg-agent");
            made = Run("--passphrase", passphrase, "--quick-gen-key", userId, "ed25519", "sign", expiry);
        }
        if (made.ExitCode != 0)
        {
            throw new InvalidOperationException(made.Error);
        }
        var listing = Run("--with-colons", "--list-keys", userId).Out;
        return listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    /// <summary>gpg --status-fd lines for a verification (GOODSIG, VALIDSIG, BADSIG, EXPKEYSIG, ...).</summary>
    public string Verify(string signature, string data) => Run("--status-fd", "1", "--verify", signature, data).Out;

    public void Dispose() => Tool.Run(Home, "gpgconf", "--homedir", Home, "--kill", "gpg-agent");
}
