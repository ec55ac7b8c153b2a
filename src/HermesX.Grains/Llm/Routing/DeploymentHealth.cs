using System.Collections.Concurrent;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Routing;

/// <summary>
/// What this process knows of each deployment: whether a recent failure cooled it down, and the requests
/// and tokens it sent there this minute (its rpm / tpm caps). Kept by deployment, not by client, so a
/// catalog reload that rebuilds clients keeps it.
/// </summary>
internal sealed class DeploymentHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    /// <summary>False while the deployment cools down or has used its rpm or tpm cap this minute.</summary>
    public bool IsAvailable(ModelDeployment deployment)
    {
        if (!_states.TryGetValue(Key(deployment), out var state))
        {
            return true;
        }

        var now = time.GetUtcNow();
        lock (state)
        {
            state.Roll(Minute(now));
            return state.CooledUntil <= now
                && (deployment.Rpm is not { } rpm || state.Requests < rpm)
                && (deployment.Tpm is not { } tpm || state.Tokens < tpm);
        }
    }

    /// <summary>Counts a request sent to the deployment towards its rpm cap.</summary>
    public void Started(ModelDeployment deployment)
    {
        // Only a capped deployment counts its requests: an uncapped one (most) costs nothing per call.
        if (deployment.Rpm is not null)
        {
            Update(deployment, static s => s.Requests++);
        }
    }

    /// <summary>Counts the tokens a served call used towards the deployment's tpm cap.</summary>
    public void Used(ModelDeployment deployment, long tokens)
    {
        if (tokens > 0 && deployment.Tpm is not null)
        {
            Update(deployment, s => s.Tokens += tokens);
        }
    }

    /// <summary>Passes the deployment over for <paramref name="cooldown"/>.</summary>
    public void Failed(ModelDeployment deployment, TimeSpan cooldown)
    {
        var until = time.GetUtcNow() + cooldown;
        Update(deployment, s => s.CooledUntil = until > s.CooledUntil ? until : s.CooledUntil);
    }

    private void Update(ModelDeployment deployment, Action<State> change)
    {
        var state = _states.GetOrAdd(Key(deployment), static _ => new State());
        var minute = Minute(time.GetUtcNow());
        lock (state)
        {
            state.Roll(minute);
            change(state);
        }
    }

    private static long Minute(DateTimeOffset now) => now.ToUnixTimeSeconds() / 60;

    private static string Key(ModelDeployment d) => $"{d.Id}|{d.Provider}|{d.BaseUrl}|{d.ApiKeyVariable}";

    private sealed class State
    {
        private long _minute;

        public int Requests { get; set; }

        public long Tokens { get; set; }

        public DateTimeOffset CooledUntil { get; set; }

        /// <summary>Starts the counters afresh when a new minute has begun.</summary>
        public void Roll(long minute)
        {
            if (minute != _minute)
            {
                _minute = minute;
                Requests = 0;
                Tokens = 0;
            }
        }
    }
}
