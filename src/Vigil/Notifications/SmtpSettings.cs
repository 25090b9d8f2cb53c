using Vigil.Common;

namespace Vigil.Notifications;

public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (port 587); refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,

    /// <summary>No encryption: only for a relay on the same host or a test server.</summary>
    None,
}

/// <summary>Where and how to send mail. The password comes from the environment or a file, never from argv.</summary>
public sealed record SmtpSettings(
    string Host,
    int Port,
    SmtpSecurity Security,
    string? User,
    string? Password,
    string From,
    IReadOnlyList<string> To,
    string? TrustedCertificateFile,
    bool AllowPlaintextAuthentication = false)
{
    /// <summary>A List-Id (RFC 2919) for the mails, so a list and its readers can file them: "Description &lt;list.id&gt;".</summary>
    public string? ListId { get; init; }

    /// <summary>The port each kind of security is served on by convention (RFC 8314: 465 implicit TLS, 587 submission).</summary>
    public static int DefaultPort(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Tls => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };

    /// <summary>A password kept in a file: only from a file nobody else can read, and never more than a line.</summary>
    public static string ReadPasswordFile(string file)
    {
        if (File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new Common.VigilException($"password file {file} is readable by group or others: chmod 600 it first");
        }
        return Common.InputFiles.ReadText(file, 4096).TrimEnd('\r', '\n');
    }

    public static IReadOnlyList<string> ParseRecipients(IEnumerable<string> values)
    {
        var recipients = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        foreach (var address in recipients)
        {
            if (!MimeKit.MailboxAddress.TryParse(address, out _) || !address.Contains('@', StringComparison.Ordinal))
            {
                throw new VigilException($"invalid e-mail address '{address}'");
            }
        }
        return recipients.Length > 0 ? recipients : throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.NoRecipients, "no recipients to send the report to");
    }
}
