using System.Globalization;
using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Chat;

/// <summary>The one place a turn's error (a session's domain outcome) becomes an HTTP answer.</summary>
public static class TurnErrors
{
    /// <summary>The status and error code of a kind of turn error.</summary>
    public static (int Status, string Code) Http(TurnErrorKind kind) => kind switch
    {
        TurnErrorKind.InvalidMessages => (StatusCodes.Status400BadRequest, "invalid_messages"),
        TurnErrorKind.ModelNotFound => (StatusCodes.Status400BadRequest, "model_not_found"),
        TurnErrorKind.InvalidSchema => (StatusCodes.Status400BadRequest, "invalid_schema"),
        TurnErrorKind.SessionNotFound => (StatusCodes.Status404NotFound, "session_not_found"),
        TurnErrorKind.PreviousResponseNotFound => (StatusCodes.Status404NotFound, "previous_response_not_found"),
        TurnErrorKind.PreviousResponseNotLatest => (StatusCodes.Status400BadRequest, "previous_response_not_latest"),
        TurnErrorKind.QuotaExceeded => (StatusCodes.Status429TooManyRequests, "quota_exceeded"),
        TurnErrorKind.ModelRejected => (StatusCodes.Status502BadGateway, "model_request_rejected"),
        TurnErrorKind.ModelUnavailable => (StatusCodes.Status503ServiceUnavailable, "model_unavailable"),
        TurnErrorKind.ModelOutputInvalid => (StatusCodes.Status502BadGateway, "model_output_invalid"),
        TurnErrorKind.ModelNotAllowed => (StatusCodes.Status403Forbidden, "model_not_allowed"),
        TurnErrorKind.ModelNotSupported => (StatusCodes.Status400BadRequest, "model_not_supported"),
        TurnErrorKind.BudgetExceeded => (StatusCodes.Status429TooManyRequests, "budget_exceeded"),
        TurnErrorKind.RunFailed => (StatusCodes.Status500InternalServerError, "server_error"),
        TurnErrorKind.ApprovalPending => (StatusCodes.Status409Conflict, "approval_pending"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a turn error kind without an HTTP answer"),
    };

    /// <summary>The JSON error answer; a quota or budget error carries Retry-After when the session knows when it frees up.</summary>
    public static ApiErrorResult Answer(HttpContext http, TurnError error)
    {
        var (status, code) = Http(error.Kind);
        SetRetryAfter(http, error);
        return ApiError.Create(status, error.Message, code, error.Param);
    }

    public static void SetRetryAfter(HttpContext http, TurnError error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
