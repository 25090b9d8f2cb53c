using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Application;
using Vigil.Server;
using Vigil.Server.Schedules;
using Vigil.Server.Security;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil serve</c>: the team server over the same data directory and database as the command line.</summary>
public static class ServeCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on", HelpName = "ADDRESS:PORT", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var certificate = new Option<string?>("--tls-cert") { Description = "Serve HTTPS with this PEM certificate (chain)", HelpName = "FILE" };
        var key = new Option<string?>("--tls-key") { Description = "The certificate's PEM private key (mode 0600)", HelpName = "FILE" };
        var keyring = new Option<string?>("--release-keyring") { Description = "The public keys release manifests must be signed with (checked at POST .../releases/R/manifests)", HelpName = "FILE" };
        var records = new Option<string?>("--process-records") { Description = "The IEC 62443-4-1 records folder the process endpoints read (a checkout kept current)", HelpName = "DIR" };
        var feedSchedule = new Option<string>("--feed-schedule")
        {
            Description = "When to update the feeds (and then rescan every release whose last scan used an older feed): a Quartz cron expression in UTC, seconds first, or 'off'",
            HelpName = "CRON", DefaultValueFactory = _ => ScheduleOptions.DefaultFeedUpdate,
        };
        var mailSchedule = new Option<string>("--mail-schedule")
        {
            Description = "When to mail the weekly report of every product to --mail-to (a Quartz cron expression in UTC)", HelpName = "CRON",
            DefaultValueFactory = _ => ScheduleOptions.DefaultWeeklyMail,
        };
        var digest = new Option<bool>("--mail-digest") { Description = "One weekly message for all products instead of one per product" };
        var anchors = new Option<string?>("--audit-anchors")
        {
            Description = "Verify the audit chain daily and append its head to this file (default: audit-anchors in the data directory; 'off' for none)",
            HelpName = "FILE",
        };
        var noScheduler = new Option<bool>("--no-scheduler") { Description = "Run no scheduled jobs in this process (another server on the database runs them)" };
        var mail = new MailOptions(recipientsRequired: false, prefix: "mail-");
        var oidcAuthority = new Option<string?>("--oidc-authority") { Description = "Let people log in through this OpenID Connect provider (its issuer URL, https://)", HelpName = "URL" };
        var oidcClient = new Option<string?>("--oidc-client-id") { Description = "Vigil's client id at the provider; the secret comes from $VIGIL_OIDC_CLIENT_SECRET or --oidc-client-secret-file", HelpName = "ID" };
        var oidcSecretFile = new Option<string?>("--oidc-client-secret-file") { Description = "A file holding the client secret (mode 0600)", HelpName = "FILE" };
        var oidcNameClaim = new Option<string>("--oidc-name-claim") { Description = "The ID token claim that names the Vigil user", HelpName = "CLAIM", DefaultValueFactory = _ => "preferred_username" };
        var command = new Command("serve",
            """
            Run the team server: the REST API (/api/v1, OpenAPI at /openapi/v1.json) over the same data directory and
            database as the command line. Clients authenticate with API tokens ('vigil user add NAME --role admin'
            prints the first); people in a browser log in with a local password ('vigil user password NAME') or, with
            --oidc-authority, through the company's OpenID Connect provider. Plain HTTP on loopback by default; --tls-cert/--tls-key for direct HTTPS, or put a TLS
            reverse proxy in front (see the README). Stops cleanly on SIGTERM or Ctrl-C.

            On its own the server updates the feeds (--feed-schedule), rescans every product release after a feed
            changed, and, given --mail-to, mails the weekly report (--mail-schedule). Several servers on one
            PostgreSQL database run each of these once per period between them; a failed run is retried after 1, 5
            and 15 minutes. Daily, it verifies the audit chain and appends its head to --audit-anchors. GET
            /api/v1/schedules shows the next and the latest runs.

            Example:
              VIGIL_SMTP_PASSWORD=... vigil serve --database postgres://vigil@db/vigil --mail-to cve@lists.example.org \
                --mail-from vigil@example.org --smtp-host smtp.example.org --smtp-user vigil
            """)
        {
            listen, certificate, key, records, keyring, feedSchedule, mailSchedule, digest, anchors, noScheduler, oidcAuthority, oidcClient, oidcSecretFile, oidcNameClaim,
        };
        mail.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(certificate) is null) != (result.GetResult(key) is null))
            {
                result.AddError("--tls-cert and --tls-key go together");
            }
            if ((result.GetResult(oidcAuthority) is null) != (result.GetResult(oidcClient) is null))
            {
                result.AddError("--oidc-authority and --oidc-client-id go together");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var options = new ServerOptions(ServerOptions.ParseListen(parse.GetValue(listen)!), environment.PathOf(parse.GetValue(certificate)), environment.PathOf(parse.GetValue(key)),
                environment.PathOf(parse.GetValue(records)), parse.GetValue(noScheduler) ? null : Schedules(parse, run.DataDirectory.Path), Oidc(parse),
                environment.PathOf(parse.GetValue(keyring)));
            // The command line's account stands for nobody on the server: each request's changes are its user's.
            var settings = run.Settings with { Actor = new Audit.Actor("server", "server") };
            await using var app = VigilServer.Build(options, settings, logging => logging.AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(run.Quiet ? LogLevel.Error : LogLevel.Warning));
            // The database is opened (and its schema checked) now, so a wrong setting fails here, not at the first request.
            using (var scope = app.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<IdentityUseCases>().ListUsersAsync(cancellation);
            }
            await app.StartAsync(cancellation);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            run.Notice($"vigil serving on {string.Join(", ", addresses)} (data {run.DataDirectory.Path})");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
                run.Notice("vigil server stopping");
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;

        OidcOptions? Oidc(ParseResult parse)
        {
            if (parse.GetValue(oidcAuthority) is not { } authority)
            {
                return null;
            }
            var secretFile = environment.PathOf(parse.GetValue(oidcSecretFile));
            var secret = secretFile is null ? environment.Variable("VIGIL_OIDC_CLIENT_SECRET") : new string(Passphrase.Read(environment, SecretSource.OidcClientSecret, null, secretFile, ""));
            return new OidcOptions(OidcOptions.ParseAuthority(authority), parse.GetValue(oidcClient)!, secret, parse.GetValue(oidcNameClaim)!);
        }

        ScheduleOptions Schedules(ParseResult parse, string dataDirectory)
        {
            var feeds = parse.GetValue(feedSchedule)!;
            var mailing = parse.GetValue(mail.To) is { Length: > 0 }
                ? new NotifyRequest(null, mail.Settings(parse, environment), parse.GetValue(digest), Force: false, TimeSpan.FromDays(7), PolicyPath: null)
                : null;
            var anchorsFile = parse.GetValue(anchors) is "off" ? null : environment.PathOf(parse.GetValue(anchors)) ?? Path.Combine(dataDirectory, "audit-anchors");
            return new ScheduleOptions(feeds == "off" ? null : ScheduleOptions.Cron(feeds, "--feed-schedule"), ScheduleOptions.Cron(parse.GetValue(mailSchedule)!, "--mail-schedule"),
                mailing, ScheduleOptions.DefaultRetryDelays, ScheduleOptions.DefaultAuditAnchor, anchorsFile);
        }
    }
}
