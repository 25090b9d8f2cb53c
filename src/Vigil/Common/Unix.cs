using System.Runtime.InteropServices;

namespace Vigil.Common;

/// <summary>The few libc calls .NET does not offer: non-blocking opens, file types, descriptor flags, access checks.</summary>
internal static partial class Unix
{
    public const int ReadOnly = 0, NonBlocking = 0x800, NoControllingTerminal = 0x100, CloseOnExec = 0x80000;
    public const int AtWorkingDirectory = -100, AtEmptyPath = 0x1000, AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxModified = 0x40;
    public const int GetDescriptorFlags = 1, DescriptorCloseOnExec = 1;
    public const int WriteAccess = 2;
    public const int NoSuchFile = 2;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command);

    /// <summary>access(2): whether this process's real user may do <paramref name="mode"/>; also false on a read-only mount.</summary>
    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    public static bool CanWrite(string path) => Access(path, WriteAccess) == 0;
}
