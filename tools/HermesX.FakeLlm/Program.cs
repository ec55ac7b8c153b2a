// The fake LLM server as a process: dotnet run --project tools/HermesX.FakeLlm -- --urls http://127.0.0.1:18080
// Options: --latency-ms N (or FAKE_LLM_LATENCY_MS), FAKE_LLM_MAX_RECORDED.
await HermesX.FakeLlm.FakeLlmApp.Build(args).RunAsync();
