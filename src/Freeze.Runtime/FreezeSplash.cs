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
    private static readonly object Gate = new();
    private static Socket? _socket;
    private static bool _connected;

    /// <summary>True while the splash screen is shown and this process can talk to it.</summary>
    public static bool IsAlive
    {
        get
        {
            lock (Gate)
            {
                if (Connect() is not Socket socket)
                {
                    return false;
                }
                try
                {
                    // Readable with nothing to read: the bootloader closed the window and the connection.
                    if (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
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

    /// <summary>Shows <paramref name="text"/> on the splash screen's text line (one line; Latin-1 is drawn, other characters as '?').</summary>
    public static void UpdateText(string text)
    {
        string line = (text ?? "").ReplaceLineEndings(" ");
        if (Encoding.UTF8.GetByteCount(line) > FreezeContract.Splash.MaxText)
        {
            line = line[..Math.Min(line.Length, FreezeContract.Splash.MaxText / 4)];
        }
        Send("T" + line + "\n");
    }

    /// <summary>Closes the splash screen; after this every member is a no-op.</summary>
    public static void Close()
    {
        lock (Gate)
        {
            Send("C\n");
            Drop();
        }
    }

    private static void Send(string command)
    {
        lock (Gate)
        {
            if (Connect() is not Socket socket)
            {
                return;
            }
            try
            {
                socket.Send(Encoding.UTF8.GetBytes(command));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Drop();
            }
        }
    }

    /// <summary>The connection, made on first use: the environment is read once, and cleared for the processes this one starts.</summary>
    private static Socket? Connect()
    {
        if (_connected)
        {
            return _socket;
        }
        _connected = true;
        string? ipc = Environment.GetEnvironmentVariable(FreezeContract.Env.SplashIpc);
        if (FrozenProcess.Home is null || string.IsNullOrEmpty(ipc) || ipc == FreezeContract.Splash.IpcNone)
        {
            return null;
        }
        Environment.SetEnvironmentVariable(FreezeContract.Env.SplashIpc, FreezeContract.Splash.IpcNone);
        if (Environment.GetEnvironmentVariable(FreezeContract.Env.SuppressSplash) == "1" ||
            !ipc.StartsWith(FreezeContract.Splash.IpcAbstractPrefix, StringComparison.Ordinal) || !OperatingSystem.IsLinux())
        {
            return null;
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
        return _socket;
    }

    private static void Drop()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
