using LibGit2Sharp;

namespace Vigil.Common;

public static class GitRepositories
{
    /// <summary>Opens a git repository, or says in one line that the path is not one.</summary>
    public static Repository Open(string path)
    {
        try
        {
            return new Repository(path);
        }
        catch (Exception e) when (e is RepositoryNotFoundException or LibGit2SharpException)
        {
            throw new VigilException($"{path} is not a git repository ({e.Message})", e);
        }
    }
}
