namespace Vigil.Common;

/// <summary>
/// A failure the user can act on: bad input, missing data, an unreachable server. The message is one line that
/// names the file, line or record and what was expected; front ends print it as is and exit with code 1.
/// </summary>
public class VigilException : Exception
{
    public VigilException(string message)
        : base(message)
    {
    }

    public VigilException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VigilException()
    {
    }
}
