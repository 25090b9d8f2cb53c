using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>
/// Release manifests sent to the server, signed with real gpg, checked against the server's release keyring and
/// kept as the release's evidence, whatever the check found.
/// </summary>
public sealed class ManifestCheckTests : IAsyncLifetime
{
    private const string Passphrase = "release key passphrase";
    private readonly TempDirectory home = new();
    private Gpg gpg = null!;
    private Gpg stranger = null!;
    private TestServer server = null!;
    private string fingerprint = "";

    public async Task InitializeAsync()
    {
        gpg = new Gpg(home.File("gpg"));
        stranger = new Gpg(home.File("gpg-stranger"));
        fingerprint = gpg.GenerateKey("CIP Release <release@example.org>", Passphrase);
        stranger.GenerateKey("Mallory <m@example.org>", Passphrase);
        var keyring = home.File("release-keys.asc");
        File.WriteAllText(keyring, gpg.Run("--armor", "--export", fingerprint).Out);
        // Two files of a release, and their manifest as sha256sum writes it.
        Directory.CreateDirectory(home.File("release"));
        File.WriteAllText(home.File("release/image.wic"), "image");
        File.WriteAllText(home.File("release/image.dpkg_status"), "Package: x\n");
        File.WriteAllText(home.File("SHA256SUMS"), Tool.Run(home.File("release"), "sha256sum", "image.wic", "image.dpkg_status").Out);
        server = await TestServer.StartAsync(home.File("data"), null, releaseKeyring: keyring);
        using var admin = server.Client(server.Tokens[Role.Admin]);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/products/gateway/releases", new { release = "2026.1", kernelVersion = "6.1.119-cip33" })).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        stranger.Dispose();
        gpg.Dispose();
        home.Dispose();
    }

    private string Detached(Gpg signer)
    {
        var signature = home.File($"SHA256SUMS.{Guid.NewGuid():N}.asc");
        Assert.Equal(0, signer.Run("--passphrase", Passphrase, "--armor", "--detach-sign", "--output", signature, home.File("SHA256SUMS")).ExitCode);
        return File.ReadAllText(signature);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(object body)
    {
        using var developer = server.Client(server.Tokens[Role.Developer]);
        using var response = await developer.PostAsJsonAsync("/api/v1/products/gateway/releases/2026.1/manifests", body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task A_manifest_signed_by_a_release_key_holds_and_is_kept_with_its_signer()
    {
        var (status, check) = await Send(new { manifest = File.ReadAllText(home.File("SHA256SUMS")), signature = Detached(gpg) });
        var kept = JsonDocument.Parse(await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/products/gateway/releases/2026.1/manifests")).RootElement;

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("good", true, 2, fingerprint), (check.GetProperty("signature").GetString(), check.GetProperty("holds").GetBoolean(), check.GetProperty("files").GetInt32(),
            check.GetProperty("signer").GetString()));
        Assert.Equal(check.GetProperty("id").GetString(), Assert.Single(kept.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_clearsigned_manifest_is_checked_from_its_own_signature()
    {
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--clearsign", "--output", home.File("SHA256SUMS.clear"), home.File("SHA256SUMS")).ExitCode);

        var (status, check) = await Send(new { manifest = File.ReadAllText(home.File("SHA256SUMS.clear")) });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("good", 2), (check.GetProperty("signature").GetString(), check.GetProperty("files").GetInt32()));
    }

    [Fact]
    public async Task A_signature_by_another_key_or_over_other_bytes_does_not_hold_but_is_kept()
    {
        var (byStranger, strangerCheck) = await Send(new { manifest = File.ReadAllText(home.File("SHA256SUMS")), signature = Detached(stranger) });
        var signature = Detached(gpg);
        var (tampered, tamperedCheck) = await Send(new { manifest = File.ReadAllText(home.File("SHA256SUMS")).Replace("image.wic", "image.WIC", StringComparison.Ordinal), signature });

        Assert.Equal(HttpStatusCode.Created, byStranger);
        Assert.Equal(("no-public-key", false), (strangerCheck.GetProperty("signature").GetString(), strangerCheck.GetProperty("holds").GetBoolean()));
        Assert.Equal(HttpStatusCode.Created, tampered);
        Assert.Equal(("bad", false), (tamperedCheck.GetProperty("signature").GetString(), tamperedCheck.GetProperty("holds").GetBoolean()));
        Assert.Equal(2, JsonDocument.Parse(await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/products/gateway/releases/2026.1/manifests")).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_manifest_that_is_not_one_is_refused_naming_its_line_and_nothing_is_kept()
    {
        var (status, problem) = await Send(new { manifest = "0123 image.wic\n" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("the uploaded manifest:1: expected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/products/gateway/releases/2026.1/manifests")).RootElement.GetArrayLength());
    }
}
