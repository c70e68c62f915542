"""The OpenAPI part of a route's docstring, written from a few facts instead of by hand."""

from collections.abc import Callable

_ERRORS = {
    400: "Malformed",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    422: "Invalid",
}


def documented(
    method: str,
    tag: str,
    summary: str,
    out: str | None = None,
    body: str | None = None,
    errors: tuple[int, ...] = (),
    params: tuple[str, ...] = (),
    media: str = "application/json",
    status: int = 200,
) -> Callable:
    """Append the YAML that `housing.api.spec` reads to the view's docstring."""

    def decorate(view: Callable) -> Callable:
        lines = ["---", f"{method}:", f"  tags: [{tag}]", f"  summary: {summary}"]
        lines.append("  security: [{bearer: []}]")
        if params:
            lines.append("  parameters:")
            for name in params:
                if name in ("page", "per_page"):
                    lines.append(f"    - {name}")
                else:
                    lines.append(f"    - {{name: {name}, in: query, schema: {{type: string}}}}")
        if body:
            lines += [
                "  requestBody:",
                "    required: true",
                "    content:",
                f"      {body.split(':')[0] if ':' in body else 'application/json'}:",
                f"        schema: {body.split(':')[-1]}",
            ]
        lines += ["  responses:", f"    {status}:", f"      description: {summary}"]
        if out:
            lines += ["      content:", f"        {media}:", f"          schema: {out}"]
        elif media != "application/json":
            lines += ["      content:", f"        {media}: {{}}"]
        for code in sorted({401, 403, *errors}):
            lines.append(f"    {code}: {{$ref: '#/components/responses/{_ERRORS[code]}'}}")
        view.__doc__ = (view.__doc__ or summary).rstrip() + "\n" + "\n".join(lines) + "\n"
        return view

    return decorate
