namespace Freeze.Tools.Tests;

/// <summary>Deterministic damage for the mutation tests: bit flips, random bytes, interesting integers, truncation.</summary>
internal static class Mutations
{
    private static readonly long[] Interesting = [0, 1, -1, 7, 8, 40, 48, 0x7F, 0xFF, 0x7FFF, 0xFFFF, int.MaxValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 32];

    /// <summary>
    /// One to four mutations; with <paramref name="headerBias"/>, half of them land in the first that many
    /// bytes, and with <paramref name="tailBias"/>, half land in the last that many (where the TOC and cookie are).
    /// </summary>
    public static byte[] Apply(byte[] original, Random random, int headerBias = 0, int tailBias = 0)
    {
        byte[] bytes = (byte[])original.Clone();
        int count = random.Next(1, 5);
        for (int m = 0; m < count && bytes.Length > 0; m++)
        {
            int position = Position(bytes.Length, random, headerBias, tailBias);
            switch (random.Next(6))
            {
                case 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 2:
                case 3:
                    long value = Interesting[random.Next(Interesting.Length)];
                    int width = new[] { 1, 2, 4, 8 }[random.Next(4)];
                    for (int b = 0; b < width && position + b < bytes.Length; b++)
                    {
                        bytes[position + b] = (byte)(value >> (8 * b));
                    }
                    break;
                case 4:
                    bytes = random.Next(2) == 0 ? bytes[..position] : bytes[position..];
                    break;
                default:
                    int length = Math.Min(random.Next(1, 64), bytes.Length - position);
                    int source = random.Next(bytes.Length - length + 1);
                    Array.Copy(bytes, source, bytes, position, length);
                    break;
            }
        }
        return bytes;
    }

    private static int Position(int length, Random random, int headerBias, int tailBias)
    {
        if (headerBias > 0 && random.Next(2) == 0)
        {
            return random.Next(Math.Min(headerBias, length));
        }
        if (tailBias > 0 && random.Next(2) == 0)
        {
            return length - 1 - random.Next(Math.Min(tailBias, length));
        }
        return random.Next(length);
    }
}
