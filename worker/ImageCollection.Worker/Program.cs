using ImageCollection.Core;
using ImageCollection.Worker.Jobs;

var builder = Host.CreateApplicationBuilder(args);
builder.AddCore();
builder.AddJobServer();

var host = builder.Build();
await host.RunAsync();
return 0;
