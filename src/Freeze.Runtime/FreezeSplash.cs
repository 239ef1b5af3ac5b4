using System.Net.Sockets;
using System.Text;

namespace Freeze.Runtime;

/// <summary>
/// The splash screen the bootloader shows while the app starts (<c>FreezeSplashImage</c>,
/// docs/splash.md): change its text line, close it. It closes by itself when the app ends. Without
/// a splash (not frozen, none built in, <c>FREEZE_SUPPRESS_SPLASH_SCREEN=1</c>, a worker, no
/// display) every member is a no-op, and none ever throws.
/// </summary>
public static class FreezeSplash
{
    private static readonly Lazy<SplashChannel> Channel = new(SplashChannel.FromEnvironment);

    /// <summary>True while the splash screen is shown and this process can talk to it.</summary>
    public static bool IsAlive => Channel.Value.IsAlive;

    /// <summary>Shows <paramref name="text"/> on the splash screen's text line (one line; Latin-1 is drawn, other characters as '?').</summary>
    public static void UpdateText(string text) => Channel.Value.UpdateText(text);

    /// <summary>Closes the splash screen; after this every member is a no-op.</summary>
    public static void Close() => Channel.Value.Close();
}

/// <summary>The connection to the bootloader's splash thread: lines of UTF-8, <c>T&lt;text&gt;</c> and <c>C</c>.</summary>
internal sealed class SplashChannel
{
    private readonly object _gate = new();
    private Socket? _socket;

    /// <param name="ipc">The value of _FREEZE_SPLASH_IPC; only <c>@name</c> (an abstract socket) connects.</param>
    internal SplashChannel(string? ipc)
    {
        if (ipc is null || !ipc.StartsWith(FreezeContract.Splash.IpcAbstractPrefix, StringComparison.Ordinal) || !OperatingSystem.IsLinux())
        {
            return;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint("\0" + ipc[FreezeContract.Splash.IpcAbstractPrefix.Length..]));
            _socket = socket;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            socket.Dispose();
        }
    }

    /// <summary>Read once, then cleared for the processes this one starts: they never show or drive this splash.</summary>
    internal static SplashChannel FromEnvironment()
    {
        string? ipc = Environment.GetEnvironmentVariable(FreezeContract.Env.SplashIpc);
        if (FrozenProcess.Home is null || string.IsNullOrEmpty(ipc) || ipc == FreezeContract.Splash.IpcNone)
        {
            return new SplashChannel(null);
        }
        Environment.SetEnvironmentVariable(FreezeContract.Env.SplashIpc, FreezeContract.Splash.IpcNone);
        return new SplashChannel(Environment.GetEnvironmentVariable(FreezeContract.Env.SuppressSplash) == "1" ? null : ipc);
    }

    internal bool IsAlive
    {
        get
        {
            lock (_gate)
            {
                try
                {
                    // Readable with nothing to read: the bootloader closed the window and the connection.
                    if (_socket is null || (_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0))
                    {
                        Drop();
                        return false;
                    }
                    return true;
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    Drop();
                    return false;
                }
            }
        }
    }

    internal void UpdateText(string? text)
    {
        string line = (text ?? "").ReplaceLineEndings(" ");
        while (Encoding.UTF8.GetByteCount(line) > FreezeContract.Splash.MaxText)
        {
            line = line[..(line.Length / 2)];
        }
        Send("T" + line + "\n");
    }

    internal void Close()
    {
        lock (_gate)
        {
            Send("C\n");
            Drop();
        }
    }

    private void Send(string command)
    {
        lock (_gate)
        {
            try
            {
                _socket?.Send(Encoding.UTF8.GetBytes(command));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Drop();
            }
        }
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
