using System.CommandLine;
using Vigil.Common;
using Vigil.Identity;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil user add|list|roles</c> and <c>vigil token issue|list|revoke</c>: who may use the team server, with which roles.</summary>
public static class UserCommand
{
    private static Option<string[]> RoleOption() => new("--role")
    {
        Description = $"A role (repeat for several): {string.Join(", ", Roles.Words.All)}",
        HelpName = "ROLE",
        Required = true,
    };

    public static IEnumerable<Command> Build(GlobalOptions globals, CliEnvironment environment)
    {
        var user = new Command("user", "The team server's users and their RACI roles (run on the server machine, against its database)");
        user.Subcommands.Add(BuildAdd(globals, environment));
        user.Subcommands.Add(BuildList(globals, environment));
        user.Subcommands.Add(BuildRoles(globals, environment));
        user.Subcommands.Add(BuildPassword(globals, environment));
        var token = new Command("token", "API tokens for scripts and CI: only their SHA-256 is stored; a token is shown once, when issued");
        token.Subcommands.Add(BuildIssue(globals, environment));
        token.Subcommands.Add(BuildTokens(globals, environment));
        token.Subcommands.Add(BuildRevoke(globals, environment));
        return [user, token];
    }

    private static Option<string?> ExpiresOption() => new("--expires") { Description = "The token's validity, e.g. 90d, 1y [default: no expiry]", HelpName = "PERIOD" };

    private static IReadOnlyList<Role> ParseRoles(IEnumerable<string> given) =>
        [.. given.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(r => Roles.Words.Parse(r, "role"))];

    private static Command BuildAdd(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The user's name (letters, digits, '.', '-', '_', '@')" };
        var roles = RoleOption();
        var expires = ExpiresOption();
        var command = new Command("add",
            """
            Add a user with their roles and a first API token. The token is printed once on standard output and stored
            only as its SHA-256: keep it, or issue another with 'vigil token issue'.

            Example:
              vigil user add alice --role admin
            """)
        {
            name, roles, expires,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var issued = await run.Work.Identity.AddUserAsync(parse.GetValue(name)!, ParseRoles(parse.GetValue(roles)!),
                parse.GetValue(expires) is { } period ? Durations.Parse(period, "--expires") : null, cancellation);
            environment.Out.WriteLine(issued.Secret);
            run.Notice($"added user {parse.GetValue(name)} ({string.Join(", ", ParseRoles(parse.GetValue(roles)!).Select(r => r.Name()))}); the token above is shown only now");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildList(GlobalOptions globals, CliEnvironment environment)
    {
        var command = new Command("list", "List the users and their roles");
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            foreach (var u in await run.Work.Identity.ListUsersAsync(cancellation))
            {
                environment.Out.WriteLine($"{u.Name}\t{string.Join(",", u.Roles.Select(r => r.Name()))}{(u.Disabled ? "\tdisabled" : "")}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildRoles(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The user" };
        var roles = RoleOption();
        var command = new Command("roles", "Replace a user's roles") { name, roles };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var updated = await run.Work.Identity.SetRolesAsync(parse.GetValue(name)!, ParseRoles(parse.GetValue(roles)!), cancellation);
            run.Notice($"{updated.Name}: {string.Join(", ", updated.Roles.Select(r => r.Name()))}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildPassword(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The user" };
        var fd = new Option<int?>("--password-fd") { Description = "Read the password from this file descriptor (its first line)", HelpName = "N" };
        var file = new Option<string?>("--password-file") { Description = "Read the password from this file (mode 0600; its first line)", HelpName = "FILE" };
        var remove = new Option<bool>("--remove") { Description = "Remove the local password: the user logs in only with a token or the identity provider" };
        var command = new Command("password",
            $$"""
            Set a user's local password, for logging in to the web UI without an identity provider. {{Passwords.MinLength}} to
            {{Passwords.MaxLength}} characters; stored only as a salted PBKDF2 hash. The password comes from a prompt on the
            terminal (typed twice), --password-fd, --password-file or VIGIL_PASSWORD; never from the command line.

            Example:
              vigil user password alice
            """)
        {
            name, fd, file, remove,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            string? password = null;
            if (!parse.GetValue(remove))
            {
                var (givenFd, givenFile) = (parse.GetValue(fd), environment.PathOf(parse.GetValue(file)));
                password = new string(Passphrase.Read(environment, SecretSource.LoginPassword, givenFd, givenFile, $"New password for {parse.GetValue(name)}: "));
                var prompted = givenFd is null && givenFile is null && environment.Variable(SecretSource.LoginPassword.Variable) is null;
                if (prompted && new string(Passphrase.Read(environment, SecretSource.LoginPassword, null, null, "Again: ")) != password)
                {
                    throw new VigilException("the two passwords differ; nothing was changed");
                }
            }
            var updated = await run.Work.Identity.SetPasswordAsync(parse.GetValue(name)!, password, cancellation);
            run.Notice(password is null ? $"removed the local password of {updated.Name}" : $"set the local password of {updated.Name}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildIssue(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("USER") { Description = "Whose token" };
        var label = new Option<string>("--label") { Description = "What the token is for, e.g. ci", HelpName = "TEXT", DefaultValueFactory = _ => "token" };
        var expires = ExpiresOption();
        var command = new Command("issue", "Issue another API token for a user; printed once on standard output") { name, label, expires };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var issued = await run.Work.Identity.IssueTokenAsync(parse.GetValue(name)!, parse.GetValue(label)!,
                parse.GetValue(expires) is { } period ? Durations.Parse(period, "--expires") : null, cancellation);
            environment.Out.WriteLine(issued.Secret);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildTokens(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("USER") { Description = "Whose tokens" };
        var command = new Command("list", "A user's tokens: prefix, label, created, expiry, last use, revoked") { name };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            foreach (var t in await run.Work.Identity.TokensAsync(parse.GetValue(name)!, cancellation))
            {
                environment.Out.WriteLine($"{t.Prefix}\t{t.Label}\tcreated {t.CreatedAt:yyyy-MM-dd}\t{(t.ExpiresAt is { } e ? $"expires {e:yyyy-MM-dd}" : "no expiry")}"
                    + $"\t{(t.LastUsedAt is { } u ? $"last used {u:yyyy-MM-dd HH:mm}" : "never used")}{(t.RevokedAt is { } r ? $"\trevoked {r:yyyy-MM-dd HH:mm}" : "")}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildRevoke(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("USER") { Description = "Whose token" };
        var prefix = new Argument<string>("PREFIX") { Description = "The token's prefix, as 'vigil token list' shows it (vgl_ and six characters)" };
        var command = new Command("revoke", "Revoke a token: it authenticates nobody from now on") { name, prefix };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var token = await run.Work.Identity.RevokeTokenAsync(parse.GetValue(name)!, parse.GetValue(prefix)!, cancellation);
            run.Notice($"revoked {token.Prefix} ({token.Label}) of {parse.GetValue(name)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
