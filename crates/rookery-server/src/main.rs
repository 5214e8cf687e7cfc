//! The `rookery` binary: parse the command line, load the configuration, run a command.

use std::process::ExitCode;

use clap::Parser;
use rookery_server::cli::{Cli, Command, ConfigCommand, TokenCommand, UserCommand};
use rookery_server::{commands, config, domain_cli, emoji_cli, federation_cli, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match config::load(cli.config.as_deref(), std::env::vars()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve => commands::serve(config).await,
            Command::Worker => commands::worker(config).await,
            Command::Migrate => commands::migrate(config).await,
            Command::User(UserCommand::Create {
                name,
                admin,
                password_stdin,
            }) => commands::user_create(config, &name, admin, password_stdin).await,
            Command::User(UserCommand::List) => commands::user_list(config).await,
            Command::Token(TokenCommand::Create { name }) => {
                commands::token_create(config, &name).await
            }
            Command::Config(ConfigCommand::Check) => commands::config_check(&config),
            Command::Federation(command) => federation_cli::run(config, command).await,
            Command::Domain(command) => domain_cli::run(config, command).await,
            Command::Emoji(command) => emoji_cli::run(config, command).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
