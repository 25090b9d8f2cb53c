using System.Diagnostics;

namespace Vigil.Tests.Support;

/// <summary>A small real git repository made with the git command, for kernel-tree tests.</summary>
public sealed class GitRepo
{
    public GitRepo(string path, string? gnupgHome = null)
    {
        GnupgHome = gnupgHome;
        Path = path;
        Directory.CreateDirectory(path);
        Git("init", "-q", "-b", "linux-6.1.y-cip");
    }

    public string Path { get; }

    /// <summary>The gpg home git signs with (tag -s, commit -S).</summary>
    public string? GnupgHome { get; }

    /// <summary>Commits a change with the message and returns the new commit's id.</summary>
    public string Commit(string message)
    {
        var file = System.IO.Path.Combine(Path, "CHANGES");
        File.AppendAllText(file, message + "\n");
        Git("add", "CHANGES");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public void Tag(string name) => Git("tag", name);

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["GIT_AUTHOR_NAME"] = "Test Author";
        info.Environment["GIT_AUTHOR_EMAIL"] = "author@example.invalid";
        info.Environment["GIT_COMMITTER_NAME"] = "Test Committer";
        info.Environment["GIT_COMMITTER_EMAIL"] = "committer@example.invalid";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["HOME"] = Path;
        if (GnupgHome is not null)
        {
            info.Environment["GNUPGHOME"] = GnupgHome;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
    }
}
