using System.Diagnostics;

namespace Freeze.Runtime;

/// <summary>
/// Microsoft.Extensions.Hosting (ASP.NET Core, the Generic Host) takes its content root, where
/// appsettings.json and wwwroot/ are, from DOTNET_CONTENTROOT or ASPNETCORE_CONTENTROOT, then from
/// --contentRoot, and else from the current folder. A frozen app's files are in its home folder, so
/// until the host is built this process's own environment names the home folder, unless the user
/// set either variable. Only the managed environment changes (on Unix, native code and the programs
/// it starts never see it), and the variable is gone once the host reports "HostBuilt", so programs
/// the app starts later do not inherit it.
/// </summary>
internal static class HostingContentRoot
{
    internal const string Variable = "DOTNET_CONTENTROOT";
    internal const string WebVariable = "ASPNETCORE_CONTENTROOT";

    public static void Apply(string home)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable(WebVariable) is not null)
        {
            return;
        }
        Environment.SetEnvironmentVariable(Variable, home);
        new HostBuiltObserver().Subscribe();
    }

    private sealed class HostBuiltObserver : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void Subscribe()
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
            }
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != "HostBuilt")
            {
                return;
            }
            Environment.SetEnvironmentVariable(Variable, null);
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions)
                {
                    subscription.Dispose();
                }
                _subscriptions.Clear();
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
