package org.elementvault.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the {@code evault} command tree. picocli builds a command's model by reflection over its
 * class when the command is added, and the whole tree costs about half of a remote call's start-up;
 * so a call gets only the top-level command it names, and a version request none. The whole tree is
 * built when the call asks for help or completion, which read every command, and when it names no
 * known command, whose suggestions need every name.
 */
final class CommandTree {

  /** The top-level commands, in the order the usage help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          InitCommand.class,
          DemoCommand.class,
          ServeCommand.class,
          TenantCommand.class,
          UserCommand.class,
          DatasetCommand.class,
          ElementCommand.class,
          ProductCommand.class,
          ModelCommand.class,
          JobCommand.class,
          KeysCommand.class,
          LogCommand.class,
          BackupCommand.class,
          LoginCommand.class,
          LogoutCommand.class,
          ContextCommand.class,
          StatusCommand.class,
          WhoamiCommand.class,
          CompletionCommand.class,
          HelpCommand.class);

  /** Commands that read the whole tree. */
  private static final Set<Class<?>> READ_THE_TREE =
      Set.of(CompletionCommand.class, HelpCommand.class);

  private CommandTree() {}

  /** Every command: what help, completion and the manual pages read. */
  static CommandLine whole(Map<String, String> environment) {
    return forArguments(environment);
  }

  /**
   * The tree {@code arguments} need: the top-level command with only the command they name, with no
   * command for a version request, or with every command when that is unsure.
   */
  static CommandLine forArguments(Map<String, String> environment, String... arguments) {
    CommandLine top = new CommandLine(new EvaultCommand(environment));
    commandsNeeded(top.getCommandSpec(), arguments).forEach(top::addSubcommand);
    return top;
  }

  /**
   * The command the first word after the global options names, unless it reads the tree; none when
   * a version option ends the arguments (the version is the top-level command's). Anything this
   * does not recognise exactly (an unknown option, a help option, {@code --}, a clustered short
   * option) leaves the choice to the whole tree, so picocli answers as it always does.
   */
  private static List<Class<?>> commandsNeeded(CommandSpec top, String[] arguments) {
    for (int i = 0; i < arguments.length; i++) {
      String argument = arguments[i];
      if (!argument.startsWith("-")) {
        Class<?> command = byName().get(argument);
        return command == null || READ_THE_TREE.contains(command) ? COMMANDS : List.of(command);
      }
      int equals = argument.indexOf('=');
      OptionSpec option = top.findOption(equals < 0 ? argument : argument.substring(0, equals));
      if (option == null || option.usageHelp()) {
        return COMMANDS;
      }
      if (option.versionHelp()) {
        return i == arguments.length - 1 ? List.of() : COMMANDS;
      }
      if (equals < 0 && option.arity().max() > 0) {
        i++; // the option's value
      }
    }
    return COMMANDS;
  }

  /** Each command's name and aliases, read from its annotation without building its model. */
  private static Map<String, Class<?>> byName() {
    Map<String, Class<?>> commands = new HashMap<>();
    for (Class<?> command : COMMANDS) {
      Command annotation = command.getAnnotation(Command.class);
      commands.put(annotation.name(), command);
      for (String alias : annotation.aliases()) {
        commands.put(alias, command);
      }
    }
    return commands;
  }
}
