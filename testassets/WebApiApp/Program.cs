using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
string database = builder.Configuration["Database"] ?? throw new InvalidOperationException("Database is not configured");
builder.Services.AddDbContext<TodoDb>(options => options.UseSqlite($"Data Source={database}"));
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen();

var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<TodoDb>().Database.EnsureCreated();
}
app.UseSwagger();
app.UseSwaggerUI();

app.MapGet("/health", () => "healthy");
app.MapGet("/todos", async (TodoDb db) => await db.Todos.OrderBy(t => t.Id).ToListAsync());
app.MapPost("/todos", async (Todo todo, TodoDb db) =>
{
    db.Todos.Add(todo);
    await db.SaveChangesAsync();
    return Results.Created($"/todos/{todo.Id}", todo);
});
app.MapGet("/sqlite", async (TodoDb db) =>
{
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    return connection.ServerVersion;
});

app.Run();

public sealed class Todo
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public bool Done { get; set; }
}

public sealed class TodoDb(DbContextOptions<TodoDb> options) : DbContext(options)
{
    public DbSet<Todo> Todos => Set<Todo>();
}
