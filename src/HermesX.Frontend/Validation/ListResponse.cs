namespace HermesX.Frontend.Validation;

/// <summary>Page of results: callers fetch one more row than the limit to learn whether more exist.</summary>
public sealed record ListResponse<T>(string Object, IReadOnlyList<T> Data, int Limit, int Offset, bool HasMore);

public static class ListResponse
{
    public static ListResponse<T> Of<T>(IReadOnlyList<T> rowsPlusOne, Paging page) =>
        new("list", rowsPlusOne.Take(page.Limit).ToList(), page.Limit, page.Offset, rowsPlusOne.Count > page.Limit);

    /// <summary>A list that is never paged (a tenant's few webhook endpoints or MCP servers): every row, in one page.</summary>
    public static ListResponse<T> All<T>(IReadOnlyList<T> rows) => new("list", rows, rows.Count, 0, false);
}
