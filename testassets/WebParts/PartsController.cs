using Microsoft.AspNetCore.Mvc;

namespace WebParts;

[ApiController]
[Route("api/parts")]
public sealed class PartsController : ControllerBase
{
    [HttpGet]
    public object Get() => new { parts = new[] { "gear", "spring" }, from = typeof(PartsController).Assembly.GetName().Name };
}
