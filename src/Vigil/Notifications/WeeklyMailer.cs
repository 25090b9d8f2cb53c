using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Vigil.Common;
using Vigil.Reporting;

namespace Vigil.Notifications;

public sealed record MailOutcome(string Scope, bool Sent, string Why);

/// <summary>
/// Mails weekly reports (one message per product, or one digest), only when something changed unless forced, and
/// remembers what it sent so a re-run sends nothing twice. Sends with MailKit; the report goes as plain text with
/// an HTML alternative saying the same, marked Auto-Submitted, with a List-Id when one is configured.
/// </summary>
public sealed class WeeklyMailer(INotificationStore store, SmtpSettings settings, TimeProvider clock)
{
    public async Task<IReadOnlyList<MailOutcome>> SendAsync(IReadOnlyList<WeeklyReport> reports, bool digest, bool force, string toolVersion, CancellationToken cancellation)
    {
        var outcomes = new List<MailOutcome>();
        var batches = digest
            ? [(Scope: "digest:" + string.Join(",", reports.Select(r => r.Product.Name)), Reports: reports)]
            : reports.Select(r => (Scope: r.Product.Name, Reports: (IReadOnlyList<WeeklyReport>)[r])).ToList();
        foreach (var (scope, batch) in batches)
        {
            var key = string.Join("+", batch.Select(r => r.StateKey()));
            if (!force && !batch.Any(r => r.HasNews))
            {
                outcomes.Add(new MailOutcome(scope, false, "nothing changed in the period"));
                continue;
            }
            var previous = await store.LastSentAsync(scope, key, cancellation);
            if (!force && previous is not null)
            {
                outcomes.Add(new MailOutcome(scope, false, $"already sent on {previous.SentAt:yyyy-MM-dd HH:mm} UTC"));
                continue;
            }
            var subject = batch.Count == 1 ? batch[0].Subject : $"[vigil] weekly CVE digest {clock.GetUtcNow():yyyy-MM-dd}: {string.Join(", ", batch.Select(r => r.Product.Name))}";
            var message = new MimeMessage { Subject = subject };
            var sender = MailboxAddress.Parse(settings.From);
            message.From.Add(string.IsNullOrEmpty(sender.Name) ? new MailboxAddress("Vigil", sender.Address) : sender);
            // A Message-ID from the state reported on, in the sender's domain: the same report keeps its id.
            message.MessageId = $"{key[..Math.Min(32, key.Length)]}.{clock.GetUtcNow().ToUnixTimeSeconds()}@{sender.Domain}";
            message.Headers.Add("Auto-Submitted", "auto-generated");
            if (settings.ListId is { } list)
            {
                message.Headers.Add("List-Id", list);
            }
            foreach (var to in settings.To)
            {
                message.To.Add(MailboxAddress.Parse(to));
            }
            message.Body = new BodyBuilder
            {
                TextBody = string.Join("\n\n", batch.Select(r => r.ToText(toolVersion))),
                HtmlBody = string.Join("\n<hr>\n", batch.Select(r => r.ToHtml())),
            }.ToMessageBody();
            await DeliverAsync(message, cancellation);
            await store.AddNotificationAsync(new NotificationRecord
            {
                Id = Ids.New(),
                Subject = subject,
                Scope = scope,
                StateKey = key,
                Recipients = string.Join(", ", settings.To),
                SentAt = clock.GetUtcNow(),
            }, cancellation);
            outcomes.Add(new MailOutcome(scope, true, $"sent to {string.Join(", ", settings.To)}"));
        }
        return outcomes;
    }

    private static X509Certificate2 LoadCertificate(string file)
    {
        try
        {
            return X509Certificate2.CreateFromPem(InputFiles.ReadText(file, 1 << 20));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read a PEM certificate from {file}: {e.Message}", e);
        }
    }

    private async Task DeliverAsync(MimeMessage message, CancellationToken cancellation)
    {
        if (settings.User is not null && settings.Security == SmtpSecurity.None && !settings.AllowPlaintextAuthentication)
        {
            throw new VigilException($"logging in to {settings.Host}:{settings.Port} without TLS would send the password in clear; refused");
        }
        using var client = new SmtpClient { Timeout = 30_000 };
        using var trusted = settings.TrustedCertificateFile is { } file ? LoadCertificate(file) : null;
        if (trusted is not null)
        {
            // A site's own CA or a self-signed relay certificate: trusted exactly, not by switching checks off.
            client.ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (certificate is not null && (certificate.GetCertHashString() == trusted.Thumbprint
                    || (chain?.ChainElements.Any(e => e.Certificate.Thumbprint == trusted.Thumbprint) ?? false)));
        }
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            }, cancellation);
            if (settings.User is { } user)
            {
                await client.AuthenticateAsync(user, settings.Password ?? "", cancellation);
            }
            await client.SendAsync(message, cancellation);
            await client.DisconnectAsync(true, cancellation);
        }
        catch (Exception e) when (e is MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException
                                      or IOException or AuthenticationException or SslHandshakeException or TimeoutException)
        {
            throw new VigilException($"sending mail through {settings.Host}:{settings.Port} failed: {e.Message.Split('\n')[0]}", e);
        }
        catch (NotSupportedException e)
        {
            // MailKit's word for a server that lacks what was asked for (STARTTLS, or AUTH): said in ours.
            throw new VigilException(settings.Security == SmtpSecurity.StartTls
                ? $"{settings.Host}:{settings.Port} does not offer STARTTLS, so the mail would travel unencrypted: use implicit TLS (port 465), or a relay that offers STARTTLS"
                : $"{settings.Host}:{settings.Port} does not support what sending needs (authentication was asked for and not offered)", e);
        }
    }
}
