namespace SharpCompose.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (args.Length > 0 && args[0] == "version")
        {
            Console.WriteLine("SharpCompose version v0.1.0");
            return 0;
        }
        Console.Error.WriteLine("usage: sharpcompose COMMAND");
        return 16;
    }
}
