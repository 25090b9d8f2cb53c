using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Application;
using Vigil.Server;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil serve</c>: the team server over the same data directory and database as the command line.</summary>
public static class ServeCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on", HelpName = "ADDRESS:PORT", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var certificate = new Option<string?>("--tls-cert") { Description = "Serve HTTPS with this PEM certificate (chain)", HelpName = "FILE" };
        var key = new Option<string?>("--tls-key") { Description = "The certificate's PEM private key (mode 0600)", HelpName = "FILE" };
        var records = new Option<string?>("--process-records") { Description = "The IEC 62443-4-1 records folder the process endpoints read (a checkout kept current)", HelpName = "DIR" };
        var command = new Command("serve",
            """
            Run the team server: the REST API (/api/v1, OpenAPI at /openapi/v1.json) over the same data directory and
            database as the command line. Clients authenticate with API tokens ('vigil user add NAME --role admin'
            prints the first). Plain HTTP on loopback by default; --tls-cert/--tls-key for direct HTTPS, or put a TLS
            reverse proxy in front (see the README). Stops cleanly on SIGTERM or Ctrl-C.
            """)
        {
            listen, certificate, key, records,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(certificate) is null) != (result.GetResult(key) is null))
            {
                result.AddError("--tls-cert and --tls-key go together");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var options = new ServerOptions(ServerOptions.ParseListen(parse.GetValue(listen)!), environment.PathOf(parse.GetValue(certificate)), environment.PathOf(parse.GetValue(key)),
                environment.PathOf(parse.GetValue(records)));
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
    }
}
