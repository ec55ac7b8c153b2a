using HermesX.Silo.Commands;

return await Cli.RunAsync(args);
