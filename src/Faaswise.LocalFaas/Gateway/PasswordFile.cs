using System.Security.Cryptography;
using Faaswise.OpenFaas.Client;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>The gateway's admin password: read from a file, or created there (mode 0600) on first start.</summary>
public static class PasswordFile
{
    /// <summary>Reads the password in <paramref name="path"/>, creating the file with a random password when it does not exist.</summary>
    /// <returns>The credentials, and the new password when this call created it (to print once), else null.</returns>
    public static (GatewayCredentials Credentials, string? CreatedPassword) LoadOrCreate(string path, string user = GatewayCredentials.DefaultUser)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) return (GatewayCredentials.FromFile(path, user), null);
        var password = Base64Url(RandomNumberGenerator.GetBytes(24));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, create);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(password);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another gateway created it first: use theirs.
            return (GatewayCredentials.FromFile(path, user), null);
        }

        return (GatewayCredentials.FromFile(path, user), password);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
