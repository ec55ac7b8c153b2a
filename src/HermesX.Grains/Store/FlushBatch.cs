using System.Text.Json;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Sessions;
using Npgsql;

namespace HermesX.Grains.Store;

/// <summary>
/// The SQL of one flush: per tenant, its <c>set_config</c>, then one multi-row statement per table
/// (arrays unnested), whatever the number of turns. The texts never change, so Npgsql prepares them
/// once per connection; sent as one batch without BEGIN, they run as one implicit transaction that
/// commits at the batch's end, in a single round trip.
/// </summary>
public static class FlushBatch
{
    private const string SetTenant = "SELECT set_config('app.current_tenant', $1, true)";

    private const string InsertSessions = """
        INSERT INTO sessions (tenant_id, id, user_id, title, model, message_count)
        SELECT $1, u.id, u.user_id, left(u.title, 80), u.model, u.c
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS u(id, user_id, title, model, c)
        ON CONFLICT (tenant_id, id) DO NOTHING
        """;

    private const string InsertMessages = """
        INSERT INTO messages (tenant_id, session_id, seq, role, content, tool_calls, tool_call_id, name, turn_key, turn_result, parts)
        SELECT $1, u.s, u.q, u.r, u.c, u.tc::jsonb, u.tci, u.n, u.k, u.tr::jsonb, u.p::jsonb
        FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
             AS u(s, q, r, c, tc, tci, n, k, tr, p)
        """;

    // A session created without a title takes its first user message's beginning as one.
    private const string TouchSessions = """
        UPDATE sessions SET message_count = u.c, updated_at = now(), title = COALESCE(sessions.title, left(u.t, 80))
        FROM unnest($2::text[], $3::int[], $4::text[]) AS u(id, c, t)
        WHERE sessions.tenant_id = $1 AND sessions.id = u.id
        """;

    private const string InsertUsage = """
        INSERT INTO usage_records (tenant_id, session_id, user_id, model, provider, input_tokens, output_tokens, cost_usd, api_key_id, deployment)
        SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::numeric[], $9::text[], $10::text[]) AS u
        """;

    private const string InsertAudit = """
        INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status, latency_ms, request_id, trace_id, source_ip, user_agent, detail)
        SELECT $1, u.a, u.m, u.ac, u.s, u.l, u.r, u.t, u.ip, u.ua, u.d::jsonb
        FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
             AS u(a, m, ac, s, l, r, t, ip, ua, d)
        """;

    private const string InsertResponses = """
        INSERT INTO responses (tenant_id, id, session_id, user_id, history_end, request, result, created_at)
        SELECT $1, u.id, u.s, u.uid, u.h, u.rq::jsonb, u.rs::jsonb, u.at
        FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[]) AS u(id, s, uid, h, rq, rs, at)
        ON CONFLICT (tenant_id, id) DO UPDATE SET history_end = excluded.history_end, result = excluded.result
        """;

    // A background run that waited for approvals stores its response again when it continues (the conflict above).
    private const string InsertApprovals = """
        INSERT INTO tool_approvals (tenant_id, id, session_id, response_id, tool_call_id, server_label, tool_name, arguments, deadline)
        SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS u
        """;

    /// <summary>The statements of <paramref name="writes"/>, tenant by tenant.</summary>
    public static NpgsqlBatch For(NpgsqlConnection connection, IReadOnlyList<TenantWrite> writes)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var tenant in writes.GroupBy(w => w.TenantId, StringComparer.Ordinal))
        {
            var all = tenant.ToList();
            batch.BatchCommands.Add(Command(SetTenant, tenant.Key));
            AddSessions(batch, tenant.Key, [.. all.SelectMany(w => w.Sessions)]);
            AddMessages(batch, tenant.Key, [.. all.SelectMany(w => w.Messages)]);
            AddTouches(batch, tenant.Key, [.. all.SelectMany(w => w.Touches)]);
            AddUsage(batch, tenant.Key, [.. all.SelectMany(w => w.Usage)]);
            AddAudit(batch, tenant.Key, [.. all.SelectMany(w => w.Audit)]);
            AddResponses(batch, tenant.Key, [.. all.SelectMany(w => w.Responses)]);
            AddApprovals(batch, tenant.Key, [.. all.SelectMany(w => w.Approvals)]);
        }
        return batch;
    }

    private static void AddSessions(NpgsqlBatch batch, string tenant, List<NewSessionRow> rows)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertSessions, tenant, Column(rows, r => r.SessionId), Column(rows, r => r.UserId),
                Column(rows, r => r.Title), Column(rows, r => r.Model), Column(rows, r => r.MessageCount)));
        }
    }

    private static void AddMessages(NpgsqlBatch batch, string tenant, List<MessageRow> rows)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertMessages, tenant, Column(rows, r => r.SessionId), Column(rows, r => r.Seq),
                Column(rows, r => r.Message.Role), Column(rows, r => r.Message.Content),
                Column(rows, r => r.Message.ToolCalls is { Count: > 0 } calls ? JsonSerializer.Serialize(calls, StoreJson.Default.IReadOnlyListToolCall) : null),
                Column(rows, r => r.Message.ToolCallId), Column(rows, r => r.Message.Name), Column(rows, r => r.TurnKey),
                Column(rows, r => r.TurnResultJson),
                Column(rows, r => r.Message.Parts is { Count: > 0 } parts ? JsonSerializer.Serialize(parts, StoreJson.Default.IReadOnlyListContentPart) : null)));
        }
    }

    private static void AddTouches(NpgsqlBatch batch, string tenant, List<SessionTouch> rows)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(TouchSessions, tenant, Column(rows, r => r.SessionId), Column(rows, r => r.MessageCount),
                Column(rows, r => r.Title)));
        }
    }

    private static void AddUsage(NpgsqlBatch batch, string tenant, List<UsageRow> rows)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertUsage, tenant, Column(rows, r => r.SessionId), Column(rows, r => r.UserId),
                Column(rows, r => r.Model), Column(rows, r => r.Provider), Column(rows, r => r.InputTokens), Column(rows, r => r.OutputTokens),
                Column(rows, r => r.CostUsd), Column(rows, r => r.ApiKeyId), Column(rows, r => r.Deployment)));
        }
    }

    private static void AddAudit(NpgsqlBatch batch, string tenant, List<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var rows = entries.Select(e => e.Sanitized()).ToList();
        batch.BatchCommands.Add(Command(InsertAudit, tenant, Column(rows, r => r.Actor), Column(rows, r => r.AuthMethod),
            Column(rows, r => r.Action), Column(rows, r => r.Status), Column(rows, r => r.LatencyMs), Column(rows, r => r.RequestId),
            Column(rows, r => r.TraceId), Column(rows, r => r.SourceIp), Column(rows, r => r.UserAgent),
            Column(rows, r => JsonSerializer.Serialize(r.Detail ?? new Dictionary<string, string>(), StoreJson.Default.IReadOnlyDictionaryStringString))));
    }

    private static void AddResponses(NpgsqlBatch batch, string tenant, List<ResponseRow> rows)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertResponses, tenant, Column(rows, r => r.Id), Column(rows, r => r.SessionId),
                Column(rows, r => r.UserId), Column(rows, r => r.HistoryEnd), Column(rows, r => r.RequestJson), Column(rows, r => r.ResultJson),
                Column(rows, r => r.CreatedAt)));
        }
    }

    private static void AddApprovals(NpgsqlBatch batch, string tenant, List<ApprovalRow> rows)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertApprovals, tenant, Column(rows, r => r.Request.Id), Column(rows, r => r.SessionId),
                Column(rows, r => r.ResponseId), Column(rows, r => r.Request.ToolCallId), Column(rows, r => r.Request.ServerLabel),
                Column(rows, r => r.Request.Name), Column(rows, r => r.Request.ArgumentsJson), Column(rows, r => r.Request.Deadline)));
        }
    }

    private static T[] Column<TRow, T>(List<TRow> rows, Func<TRow, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }
        return column;
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        }
        return command;
    }
}
