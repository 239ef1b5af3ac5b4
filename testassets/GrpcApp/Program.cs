using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using GrpcApp;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Serves Greeter on a free loopback port, calls it through a generated client, prints the reply.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<GreeterService>();
await app.StartAsync();

using var channel = GrpcChannel.ForAddress(app.Urls.First());
var reply = await new Greeter.GreeterClient(channel).SayHelloAsync(new HelloRequest { Name = args.FirstOrDefault() ?? "frozen" });
Console.WriteLine($"grpc: {reply.Message}");
await app.StopAsync();

internal sealed class GreeterService : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = $"Hello {request.Name}" });
}
