using System.Text;
using Vigil.Common;

namespace Vigil.Cli;

/// <summary>Which secret is read, and the options and variable that give it.</summary>
public sealed record SecretSource(string What, string FdOption, string FileOption, string Variable)
{
    public static readonly SecretSource KeyPassphrase = new("passphrase", "--passphrase-fd", "--passphrase-file", "VIGIL_PASSPHRASE");

    public static readonly SecretSource LoginPassword = new("password", "--password-fd", "--password-file", "VIGIL_PASSWORD");

    public static readonly SecretSource OidcClientSecret = new("client secret", "--oidc-client-secret-fd", "--oidc-client-secret-file", "VIGIL_OIDC_CLIENT_SECRET");
}

/// <summary>
/// Where a secret (a key's passphrase, a login password) comes from: a file descriptor (--passphrase-fd, as gpg
/// takes it), a private file, an environment variable, or a prompt on the terminal. Never the command line, which
/// other users can read in the process list.
/// </summary>
public static class Passphrase
{
    public static char[] Read(CliEnvironment environment, int? fd, string? file, string prompt) => Read(environment, SecretSource.KeyPassphrase, fd, file, prompt);

    public static char[] Read(CliEnvironment environment, SecretSource source, int? fd, string? file, string prompt)
    {
        if (fd is { } descriptor)
        {
            return FromDescriptor(descriptor, source.What);
        }
        if (file is not null)
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new VigilException($"{source.What} file {file} is readable by group or others: chmod 600 it first");
            }
            return FirstLine(InputFiles.ReadText(file, MaxBytes));
        }
        if (environment.Variable(source.Variable) is { } fromEnvironment)
        {
            return fromEnvironment.ToCharArray();
        }
        if (!environment.OutputIsTerminal || Console.IsInputRedirected)
        {
            throw new VigilException($"no {source.What}: give it with {source.FdOption} N, {source.FileOption} FILE or {source.Variable} (never on the command line)");
        }
        environment.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
                continue;
            }
            typed.Append(key.KeyChar);
        }
        environment.Error.WriteLine();
        var chars = new char[typed.Length];
        typed.CopyTo(0, chars, 0, typed.Length);
        typed.Clear();
        return chars;
    }

    // A passphrase is a line; more than this is not a passphrase source but a mistake (or an attack on memory).
    private const int MaxBytes = 4096;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The first line from an inherited descriptor, read with a bound on size and on time.</summary>
    private static char[] FromDescriptor(int descriptor, string what)
    {
        using var stream = InputFiles.OpenInherited(descriptor);
        var read = Task.Run(() =>
        {
            var buffer = new byte[MaxBytes];
            var length = 0;
            int n;
            while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0 && (n = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += n;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, length);
            Array.Clear(buffer);
            return text;
        });
        if (!read.Wait(Wait))
        {
            throw new VigilException($"no {what} arrived on file descriptor {descriptor} within {Wait.TotalSeconds:0} s");
        }
        return FirstLine(read.Result);
    }

    private static char[] FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).ToCharArray();
    }
}
