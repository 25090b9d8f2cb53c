using System.Text;
using Microsoft.Win32.SafeHandles;
using Vigil.Common;

namespace Vigil.Cli;

/// <summary>
/// Where a key's passphrase comes from: a file descriptor (--passphrase-fd, as gpg takes it), a private file
/// (--passphrase-file), VIGIL_PASSPHRASE, or a prompt on the terminal. Never the command line, which other users
/// can read in the process list.
/// </summary>
public static class Passphrase
{
    public static char[] Read(CliEnvironment environment, int? fd, string? file, string prompt)
    {
        if (fd is { } descriptor)
        {
            if (descriptor < 0)
            {
                throw new VigilException($"--passphrase-fd {descriptor}: expected an open file descriptor number");
            }
            using var stream = new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Read);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return FirstLine(reader.ReadToEnd());
        }
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new VigilException($"passphrase file {file} does not exist");
            }
            if ((File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new VigilException($"passphrase file {file} is readable by group or others: chmod 600 it first");
            }
            return FirstLine(File.ReadAllText(file, Encoding.UTF8));
        }
        if (environment.Variable("VIGIL_PASSPHRASE") is { } fromEnvironment)
        {
            return fromEnvironment.ToCharArray();
        }
        if (!environment.OutputIsTerminal || Console.IsInputRedirected)
        {
            throw new VigilException("no passphrase: give it with --passphrase-fd N, --passphrase-file FILE or VIGIL_PASSPHRASE (never on the command line)");
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

    private static char[] FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).ToCharArray();
    }
}
