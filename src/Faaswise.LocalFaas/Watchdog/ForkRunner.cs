using System.Diagnostics;
using Faaswise.LocalFaas.Builtins;

namespace Faaswise.LocalFaas.Watchdog;

/// <summary>
/// The classic watchdog's per-request fork: start <c>fprocess</c> with the request as <c>Http_*</c> environment,
/// write the body to its stdin, answer with its stdout. Non-zero exit → 500 with stderr; past the timeout → killed, 504.
/// </summary>
internal sealed class ForkRunner(IReadOnlyList<string> command, TimeSpan execTimeout)
{
    public async Task<FunctionResponse> RunAsync(FunctionRequest request, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in WatchdogEnvironment.ForRequest(request)) start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return FunctionResponse.Error(500, $"cannot start fprocess '{command[0]}': {e.Message}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(execTimeout);
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
        var readErr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(request.Body, timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process exited without reading all of its input; its output still answers.
            }

            await Task.WhenAll(copyOut, readErr).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return FunctionResponse.Error(504, $"fprocess did not finish within {execTimeout.TotalSeconds:0.###} s (exec_timeout)");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var errors = (await readErr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0) return FunctionResponse.Error(500, $"fprocess exited with {process.ExitCode}: {errors}");

        // As the classic watchdog logs a function's stderr (combine_output=false): the gateway keeps it for /system/logs.
        if (errors.Length > 0)
        {
            foreach (var line in errors.Split('\n')) await Console.Error.WriteLineAsync("stderr: " + line.TrimEnd('\r')).ConfigureAwait(false);
        }

        return new FunctionResponse(200, stdout.GetBuffer().AsMemory(0, (int)stdout.Length));
    }
}
