using ImageCollection.Core;
using ImageCollection.Core.Orders;
using ImageCollection.Worker.Compliance;
using ImageCollection.Worker.Jobs;

if (args is ["check-photo", ..]) return await CheckPhotoCommand.RunAsync(args[1..]);

var builder = Host.CreateApplicationBuilder(args);
builder.AddCore();
builder.AddPayments();
builder.AddPhotoCompliance();
builder.AddJobServer();

var host = builder.Build();
await host.RunAsync();
return 0;
