namespace Faaswise.Runtime.Tests;

/// <summary>A fresh directory for emulated-GPU ledgers, so tests never share an emulated GPU by accident.</summary>
internal static class Ledgers
{
    public static string Fresh() => Directory.CreateTempSubdirectory("faaswise-gpus").FullName;
}
