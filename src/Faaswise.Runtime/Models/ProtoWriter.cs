using System.Text;

namespace Faaswise.Runtime.Models;

/// <summary>The protocol-buffers wire format, enough to write ONNX's messages without a code generator.</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> buffer = [];

    public long Length => buffer.Count;

    public byte[] ToArray() => [.. buffer];

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint(buffer, (ulong)value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        WriteVarint(buffer, (ulong)value.Length);
        buffer.AddRange(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>Writes the tag and length of a length-delimited field whose content the caller writes next.</summary>
    public static void Header(Stream stream, int field, long length)
    {
        WriteVarint(stream, (ulong)((field << 3) | 2));
        WriteVarint(stream, (ulong)length);
    }

    /// <summary>Bytes taken by the tag and length of a length-delimited field.</summary>
    public static long HeaderSize(int field, long length) => VarintSize((ulong)((field << 3) | 2)) + VarintSize((ulong)length);

    private void Tag(int field, int wireType) => WriteVarint(buffer, (ulong)((field << 3) | wireType));

    private static void WriteVarint(List<byte> into, ulong value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }

        into.Add((byte)value);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        var bytes = new List<byte>(10);
        WriteVarint(bytes, value);
        stream.Write([.. bytes]);
    }

    private static int VarintSize(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }
}
