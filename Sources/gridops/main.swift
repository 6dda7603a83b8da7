import GridCommands

await runGridops()
