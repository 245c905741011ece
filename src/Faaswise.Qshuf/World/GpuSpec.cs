namespace Faaswise.Qshuf.World;

/// <summary>One GPU.</summary>
/// <param name="Uuid">Its UUID, as NVIDIA_VISIBLE_DEVICES takes it.</param>
/// <param name="Product">Product name, for people.</param>
/// <param name="MemoryBytes">Device memory, bytes.</param>
/// <param name="HostToDeviceBytesPerSecond">Effective host-to-device copy bandwidth, bytes/s.</param>
/// <param name="DeviceToHostBytesPerSecond">Effective device-to-host copy bandwidth, bytes/s.</param>
public sealed record GpuSpec(string Uuid, string Product, long MemoryBytes, double HostToDeviceBytesPerSecond, double DeviceToHostBytesPerSecond);
