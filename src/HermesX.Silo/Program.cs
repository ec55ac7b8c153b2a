Console.WriteLine("hermesx");
