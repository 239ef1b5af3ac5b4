using System.Net.Sockets;
using System.Text;
using Freeze.Runtime;

namespace Freeze.Runtime.Tests;

/// <summary>FreezeSplash's side of the channel, against a listener that plays the bootloader's splash thread.</summary>
[TestClass]
public sealed class SplashChannelTests
{
    [TestMethod]
    public void It_is_a_no_op_when_not_frozen()
    {
        Assert.IsFalse(FreezeSplash.IsAlive);
        FreezeSplash.UpdateText("nothing happens");
        FreezeSplash.Close();
        Assert.IsFalse(FreezeSplash.IsAlive);
    }

    [DataTestMethod]
    [DataRow(null)]
    [DataRow("0")]
    [DataRow("12345")]
    [DataRow("@freeze-splash-nobody-listens")]
    public void It_is_a_no_op_without_a_splash_or_when_the_connection_is_refused(string? ipc)
    {
        var channel = new SplashChannel(ipc);
        Assert.IsFalse(channel.IsAlive);
        channel.UpdateText("nothing happens");
        channel.Close();
        Assert.IsFalse(channel.IsAlive);
    }

    [TestMethod]
    public void It_sends_text_lines_and_close_and_is_dead_afterwards()
    {
        using var listener = Listen(out string ipc);
        var channel = new SplashChannel(ipc);
        using var splash = listener.Accept();
        Assert.IsTrue(channel.IsAlive);
        channel.UpdateText("two\nlines");
        channel.UpdateText(new string('é', 2000));
        channel.Close();
        Assert.IsFalse(channel.IsAlive);
        channel.UpdateText("after close");

        string received = ReadToEnd(splash);
        string[] lines = received.Split('\n');
        Assert.AreEqual("Ttwo lines", lines[0], "one line: line breaks become spaces");
        Assert.IsTrue(Encoding.UTF8.GetByteCount(lines[1]) <= 1 + 1024 && lines[1].StartsWith("Téé", StringComparison.Ordinal), "the text is cut to 1024 bytes");
        Assert.AreEqual("C", lines[2]);
        Assert.AreEqual(4, lines.Length, "nothing after close: " + received);
    }

    [TestMethod]
    public void It_sees_the_bootloader_close_the_splash()
    {
        using var listener = Listen(out string ipc);
        var channel = new SplashChannel(ipc);
        using (var splash = listener.Accept())
        {
            Assert.IsTrue(channel.IsAlive);
        }
        Assert.IsFalse(channel.IsAlive, "the connection ended: the splash is gone");
        channel.UpdateText("no one listens");
        channel.Close();
    }

    /// <summary>An abstract socket as the bootloader makes one; <paramref name="ipc"/> is its _FREEZE_SPLASH_IPC value.</summary>
    private static Socket Listen(out string ipc)
    {
        string name = $"freeze-splash-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        listener.Listen(1);
        ipc = "@" + name;
        return listener;
    }

    private static string ReadToEnd(Socket socket)
    {
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
