using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>Mail delivery details: TLS trust, passwords, nothing-changed weeks.</summary>
public sealed class NotifyTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(Dictionary<string, string>? variables, params string[] args) =>
        CliRunner.RunAsync(variables, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data")]);

    private async Task ScannedProduct(int scans = 1)
    {
        Assert.Equal(0, (await Vigil(null, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil(null, "product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        for (var i = 0; i < scans; i++)
        {
            Assert.Equal(0, (await Vigil(null, "scan", "--product", "gateway", "--quiet")).ExitCode);
        }
    }

    private static string[] Notify(int port, string security, params string[] more) =>
        ["notify", "--product", "gateway", "--to", "cve@example.org", "--from", "vigil@example.org", "--smtp-host", "127.0.0.1",
         "--smtp-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--smtp-security", security, .. more];

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [Fact]
    public async Task Starttls_to_a_relay_whose_certificate_is_trusted_by_file_delivers()
    {
        await ScannedProduct();
        using var certificate = SelfSigned();
        var pem = home.Write("relay.pem", certificate.ExportCertificatePem());
        await using var smtp = await LoopbackSmtpServer.StartAsync(certificate, ("vigil", "pw"));

        var untrusted = await Vigil(new() { ["VIGIL_SMTP_PASSWORD"] = "pw" }, Notify(smtp.Port, "starttls", "--smtp-user", "vigil"));
        var trusted = await Vigil(new() { ["VIGIL_SMTP_PASSWORD"] = "pw" }, Notify(smtp.Port, "starttls", "--smtp-user", "vigil", "--smtp-ca-file", pem));

        Assert.Equal(1, untrusted.ExitCode);
        Assert.StartsWith($"vigil: error: sending mail through 127.0.0.1:{smtp.Port} failed", untrusted.Error, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, trusted.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Implicit_tls_and_a_digest_of_two_products_arrive_as_one_message()
    {
        await ScannedProduct();
        Assert.Equal(0, (await Vigil(null, "product", "add", "router", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil(null, "scan", "--product", "router", "--quiet")).ExitCode);
        using var certificate = SelfSigned();
        var pem = home.Write("relay.pem", certificate.ExportCertificatePem());
        await using var smtp = await LoopbackSmtpServer.StartAsync(certificate, implicitTls: true);

        var result = await Vigil(null, "notify", "--all", "--digest", "--to", "a@example.org", "--to", "b@example.org", "--from", "vigil@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--smtp-security", "tls", "--smtp-ca-file", pem);

        Assert.True(result.ExitCode == 0, result.Error);
        var message = Assert.Single(smtp.Messages);
        Assert.StartsWith("[vigil] weekly CVE digest", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Vigil weekly CVE report: gateway", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Vigil weekly CVE report: router", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, message.To.Count);
    }

    [Fact]
    public async Task An_expired_decision_shows_up_in_triage_check()
    {
        await ScannedProduct();
        await Vigil(null, "triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "affected",
            "--response", "update", "--threat", "TM-1", "--expires", "2020-01-01", "--author", "alice");

        var check = await Vigil(null, "triage", "check", "--product", "gateway");

        Assert.Equal(2, check.ExitCode);
        Assert.Contains("decision expired on 2020-01-01", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_fails_without_showing_it()
    {
        await ScannedProduct();
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("vigil", "right"));

        var result = await Vigil(new() { ["VIGIL_SMTP_PASSWORD"] = "wrong-secret-123" }, Notify(smtp.Port, "none", "--smtp-user", "vigil", "--smtp-insecure-plaintext-auth"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("vigil: error: sending mail through 127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-123", result.Error, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Password_file_readable_by_others_is_refused()
    {
        await ScannedProduct();
        var file = home.Write("smtp-password", "pw\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await Vigil(null, Notify(2525, "none", "--smtp-user", "vigil", "--smtp-insecure-plaintext-auth", "--smtp-password-file", file));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: password file {file} is readable by group or others: chmod 600 it first\n", result.Error);
    }

    [Fact]
    public async Task A_week_without_changes_sends_nothing_unless_forced()
    {
        await ScannedProduct(scans: 2);
        await using var smtp = await LoopbackSmtpServer.StartAsync();

        var quiet = await Vigil(null, Notify(smtp.Port, "none"));
        var forced = await Vigil(null, Notify(smtp.Port, "none", "--force"));

        Assert.Contains("gateway: not sent, nothing changed in the period", quiet.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Invalid_recipient_is_refused_before_anything_is_sent()
    {
        await ScannedProduct();

        var result = await Vigil(null, "notify", "--product", "gateway", "--to", "not-an-address", "--from", "vigil@example.org");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: invalid e-mail address 'not-an-address'\n", result.Error);
    }

    [Fact]
    public async Task Login_without_tls_is_refused_unless_asked_for_by_its_insecure_name()
    {
        await ScannedProduct();
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("vigil", "right"));

        var result = await Vigil(new() { ["VIGIL_SMTP_PASSWORD"] = "right" }, Notify(smtp.Port, "none", "--smtp-user", "vigil"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--smtp-user with --smtp-security none would send the password in clear", result.Error, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_relay_without_starttls_is_one_line_and_nothing_is_sent_in_clear()
    {
        await ScannedProduct();
        await using var smtp = await LoopbackSmtpServer.StartAsync();

        var result = await Vigil(null, Notify(smtp.Port, "starttls"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: 127.0.0.1:{smtp.Port} does not offer STARTTLS, so the mail would travel unencrypted: use implicit TLS (port 465), or a relay that offers STARTTLS\n", result.Error);
        Assert.Empty(smtp.Messages);
    }
}
