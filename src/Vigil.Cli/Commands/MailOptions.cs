using System.CommandLine;
using Vigil.Common;
using Vigil.Notifications;

namespace Vigil.Cli.Commands;

/// <summary>Recipients, sender and SMTP server of the weekly mail: the options <c>notify</c> and <c>serve</c> share.</summary>
public sealed class MailOptions
{
    private readonly Option<string?> from;
    private readonly Option<string?> host = new("--smtp-host") { Description = "SMTP server [default: $VIGIL_SMTP_HOST, else localhost]", HelpName = "HOST" };
    private readonly Option<int?> port = new("--smtp-port") { Description = "SMTP port [default: 587 for starttls, 465 for tls, 25 for none]", HelpName = "PORT" };
    private readonly Option<string> security = new("--smtp-security") { Description = "starttls, tls or none", DefaultValueFactory = _ => "starttls" };
    private readonly Option<string?> user = new("--smtp-user") { Description = "SMTP user; the password comes from $VIGIL_SMTP_PASSWORD or --smtp-password-file, never from the command line", HelpName = "USER" };
    private readonly Option<string?> passwordFile = new("--smtp-password-file") { Description = "A file holding the SMTP password (must not be readable by group or others)", HelpName = "FILE" };
    private readonly Option<string?> listId = new("--list-id")
    {
        Description = "Send with this List-Id header, e.g. \"Gateway CVE reports <cve.gateway.acme.example>\" [default: $VIGIL_MAIL_LIST_ID]",
        HelpName = "LIST-ID",
    };
    private readonly Option<string?> caFile = new("--smtp-ca-file") { Description = "Trust this PEM certificate (a site CA or the relay's own) besides the system's", HelpName = "FILE" };
    private readonly Option<bool> insecureAuth = new("--smtp-insecure-plaintext-auth")
    {
        Description = "Allow logging in over --smtp-security none, which sends the password in clear: only for a relay on this host",
    };

    /// <param name="prefix">Put before "to" and "from" ("mail-" where the command does more than mail).</param>
    public MailOptions(bool recipientsRequired, string prefix = "")
    {
        security.AcceptOnlyFromAmong("starttls", "tls", "none");
        To = new Option<string[]>($"--{prefix}to") { Description = "Recipient (repeat, or comma-separate)", HelpName = "ADDRESS", Required = recipientsRequired };
        from = new Option<string?>($"--{prefix}from") { Description = "Sender address [default: $VIGIL_MAIL_FROM]", HelpName = "ADDRESS" };
    }

    public Option<string[]> To { get; }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { To, from, host, port, security, user, passwordFile, caFile, insecureAuth, listId })
        {
            command.Options.Add(option);
        }
        command.Validators.Add(result =>
        {
            if (result.GetValue(security) == "none" && result.GetValue(user) is not null && !result.GetValue(insecureAuth))
            {
                result.AddError("--smtp-user with --smtp-security none would send the password in clear: use starttls or tls, or, for a relay on this host only, add --smtp-insecure-plaintext-auth");
            }
        });
    }

    /// <summary>The SMTP settings given; the password from a private file or VIGIL_SMTP_PASSWORD, never from argv.</summary>
    public SmtpSettings Settings(ParseResult parse, CliEnvironment environment)
    {
        var mode = parse.GetValue(security) switch { "tls" => SmtpSecurity.Tls, "none" => SmtpSecurity.None, _ => SmtpSecurity.StartTls };
        var file = environment.PathOf(parse.GetValue(passwordFile));
        return new SmtpSettings(
            parse.GetValue(host) ?? environment.Variable("VIGIL_SMTP_HOST") ?? "localhost",
            parse.GetValue(port) ?? SmtpSettings.DefaultPort(mode),
            mode,
            parse.GetValue(user),
            file is null ? environment.Variable("VIGIL_SMTP_PASSWORD") : SmtpSettings.ReadPasswordFile(file),
            parse.GetValue(from) ?? environment.Variable("VIGIL_MAIL_FROM") ?? throw new VigilException($"no sender: pass {from.Name} ADDRESS or set VIGIL_MAIL_FROM"),
            SmtpSettings.ParseRecipients(parse.GetValue(To)!),
            environment.PathOf(parse.GetValue(caFile)),
            parse.GetValue(insecureAuth)) { ListId = parse.GetValue(listId) ?? environment.Variable("VIGIL_MAIL_LIST_ID") };
    }
}
