using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ImageCollection.Core.Jobs;

/// <summary>
/// Hangfire's log provider (one per process) over the host's logging. When a host that set it is disposed while
/// another runs on (several hosts in one test process), logging must not throw into a job's enqueueing.
/// </summary>
internal sealed class HangfireLogging(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try { return new SafeLog(factory.CreateLogger(name)); }
        catch (ObjectDisposedException) { return new SafeLog(null); }
    }

    private sealed class SafeLog(ILogger? logger) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logger is null) return false;
            var level = logLevel switch
            {
                HangfireLevel.Trace => LogLevel.Trace, HangfireLevel.Debug => LogLevel.Debug, HangfireLevel.Info => LogLevel.Information,
                HangfireLevel.Warn => LogLevel.Warning, HangfireLevel.Error => LogLevel.Error, _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null) return logger.IsEnabled(level);
                logger.Log(level, 0, messageFunc(), exception, (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
