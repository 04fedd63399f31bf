# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cargoman_global_optspecs
    string join \n config= json v/verbose q/quiet tenant= h/help V/version
end

function __fish_cargoman_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cargoman_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cargoman_using_subcommand
    set -l cmd (__fish_cargoman_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cargoman -n "__fish_cargoman_needs_command" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_needs_command" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_needs_command" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_needs_command" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cargoman -n "__fish_cargoman_needs_command" -s V -l version -d 'Print version'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "init" -d 'Write an annotated config file and the data folder; print a fresh admin token once'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "migrate" -d 'Apply pending database migrations (PostgreSQL or SQLite)'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "serve" -d 'Start the HTTP server (Composer endpoints, APIs, webhooks, background jobs)'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "customer" -d 'Manage customers, their lifecycle and their package grants'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "token" -d 'Manage customer tokens (the credentials Composer uses)'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "package" -d 'Manage packages synced from git repositories'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "proxy" -d 'The Packagist proxy: its cache, frozen public packages and upstream alerts'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "mirror" -d 'Upstream Composer repositories behind the proxy (Packagist is the built-in one)'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "advisory" -d 'Record security advisories that `composer audit` reports to customers'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "admin-token" -d 'Manage API credentials (owner, admin, viewer)'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "tenant" -d 'Manage the tenants of a multi-tenant deployment, their domains and usage'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "audit" -d 'Read the audit log'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "config" -d 'Inspect the configuration in effect'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "man" -d 'Print or write man pages'
complete -c cargoman -n "__fish_cargoman_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -l path -d 'Where to write the config file (default: ./cargoman.toml)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -l force -d 'Overwrite an existing config file'
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand init" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -l status -d 'Only show applied and pending migrations'
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand migrate" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -l host -d 'Address to listen on (env HOST)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -l port -d 'Port to listen on; 0 picks a free one (env PORT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand serve" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "add" -d 'Add a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "create" -d 'Add a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "list" -d 'List customers'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "show" -d 'Show a customer with its grants and tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "update" -d 'Change a customer\'s name, email, external id, expiry or proxy access'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "delete" -d 'Delete a customer with its tokens and grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "suspend" -d 'Suspend a customer: Composer answers 403 with the reason'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "reactivate" -d 'Make a suspended, expired or frozen customer active again'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "expire" -d 'Expire a customer now'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "freeze" -d 'Freeze a customer at explicit versions, or at what it can reach now'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "grant" -d 'Grant a package, limited by a Composer constraint (changes an existing grant)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "revoke" -d 'Take a package away'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "packages" -d 'List the packages granted to a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and not __fish_seen_subcommand_from add create list show update delete suspend reactivate expire freeze grant revoke packages help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l email -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l external-id -d 'Id of the customer in your billing system' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l expires-at -d 'YYYY-MM-DD (valid through that day, UTC) or RFC 3339' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l proxy-access -d 'Whether the customer\'s tokens may fetch public packages through the Packagist proxy (default: on)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l email -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l external-id -d 'Id of the customer in your billing system' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l expires-at -d 'YYYY-MM-DD (valid through that day, UTC) or RFC 3339' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l proxy-access -d 'Whether the customer\'s tokens may fetch public packages through the Packagist proxy (default: on)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -l status -d 'Only customers with this status (active, suspended, expired, frozen)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l name -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l email -d 'New email ("" clears it)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l external-id -d 'New external id ("" clears it)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l expires-at -d 'New expiry: YYYY-MM-DD, RFC 3339, or "never"' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l proxy-access -d 'Whether the customer\'s tokens may fetch public packages through the Packagist proxy' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -s r -l reason -d 'Why (recorded in the audit log; shown to a suspended customer by Composer)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from suspend" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -s r -l reason -d 'Why (recorded in the audit log; shown to a suspended customer by Composer)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from reactivate" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -s r -l reason -d 'Why (recorded in the audit log; shown to a suspended customer by Composer)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from expire" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -l version -d 'vendor/package=VERSION to keep (repeatable); none: everything reachable now' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -s r -l reason -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from freeze" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -s c -l constraint -d 'Composer constraint of the versions granted (default: *)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from grant" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from revoke" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from revoke" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from revoke" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from packages" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from packages" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from packages" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from packages" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from packages" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from packages" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "list" -d 'List customers'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a customer with its grants and tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a customer\'s name, email, external id, expiry or proxy access'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a customer with its tokens and grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "suspend" -d 'Suspend a customer: Composer answers 403 with the reason'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "reactivate" -d 'Make a suspended, expired or frozen customer active again'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "expire" -d 'Expire a customer now'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "freeze" -d 'Freeze a customer at explicit versions, or at what it can reach now'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "grant" -d 'Grant a package, limited by a Composer constraint (changes an existing grant)'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Take a package away'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "packages" -d 'List the packages granted to a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand customer; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "issue" -d 'Issue a token for a customer; prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "create" -d 'Issue a token for a customer; prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "list" -d 'List a customer\'s tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "show" -d 'Show one token'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "rotate" -d 'Replace a token\'s secret; the old one stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "revoke" -d 'Revoke a token; it stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and not __fish_seen_subcommand_from issue create list show rotate revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -s c -l customer -d 'Customer id or name' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l name -d 'A label, e.g. "CI" or "laptop"' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l scope -d 'download (metadata and archives, default) or metadata (metadata only)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l packages -d 'Limit the token to packages matching GLOB, e.g. acme/* (repeatable)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l expires-in-days -d 'The token stops working after N days' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l expires-at -d 'The token stops working at DATE (YYYY-MM-DD or RFC 3339)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -s c -l customer -d 'Customer id or name' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l name -d 'A label, e.g. "CI" or "laptop"' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l scope -d 'download (metadata and archives, default) or metadata (metadata only)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l packages -d 'Limit the token to packages matching GLOB, e.g. acme/* (repeatable)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l expires-in-days -d 'The token stops working after N days' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l expires-at -d 'The token stops working at DATE (YYYY-MM-DD or RFC 3339)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from rotate" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from rotate" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from rotate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from revoke" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from revoke" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue a token for a customer; prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List a customer\'s tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one token'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace a token\'s secret; the old one stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token; it stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "add" -d 'Register a git repository as a package (and sync it)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "update" -d 'Change a package\'s repository URL, type or credentials'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "list" -d 'List packages'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "show" -d 'Show a package, with the warnings of its last sync'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "versions" -d 'List a package\'s versions'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "sync" -d 'Fetch the repository and update versions and archives'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "delete" -d 'Delete a package with its versions, archives and grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "yank" -d 'Hide a version from every customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "unyank" -d 'Make a yanked version visible again'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "deprecate" -d 'Mark a version as deprecated (still installable)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "undeprecate" -d 'Remove the deprecation mark of a version'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and not __fish_seen_subcommand_from add update list show versions sync delete yank unyank deprecate undeprecate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l name -d 'Package name (vendor/package); read from composer.json when missing' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l type -d 'github, gitlab, bitbucket or git (guessed from the URL when missing)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l token -d 'HTTPS token for a private repository (prefer --token-file: arguments are visible to other users)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l token-file -d 'File holding the HTTPS token' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l username -d 'User name sent with the token (default per host: x-access-token, oauth2, x-token-auth)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l ssh-key -d 'SSH private key file for ssh:// or git@host:path URLs' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l ssh-passphrase-file -d 'File holding the SSH key\'s passphrase' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l no-sync -d 'Register only; do not fetch or sync now'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l url -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l type -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l token -d 'HTTPS token for a private repository (prefer --token-file: arguments are visible to other users)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l token-file -d 'File holding the HTTPS token' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l username -d 'User name sent with the token (default per host: x-access-token, oauth2, x-token-auth)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l ssh-key -d 'SSH private key file for ssh:// or git@host:path URLs' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l ssh-passphrase-file -d 'File holding the SSH key\'s passphrase' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l no-credentials -d 'Remove stored credentials'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from versions" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from versions" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from versions" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from versions" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from versions" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from versions" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -l concurrency -d 'Packages synced at once with --all' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -l all -d 'Sync every package'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from yank" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from yank" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from yank" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from yank" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from yank" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from yank" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from unyank" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from unyank" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from unyank" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from unyank" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from unyank" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from unyank" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from deprecate" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from deprecate" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from deprecate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from deprecate" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from deprecate" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from deprecate" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from undeprecate" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from undeprecate" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from undeprecate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from undeprecate" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from undeprecate" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from undeprecate" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register a git repository as a package (and sync it)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a package\'s repository URL, type or credentials'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "list" -d 'List packages'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a package, with the warnings of its last sync'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "versions" -d 'List a package\'s versions'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Fetch the repository and update versions and archives'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a package with its versions, archives and grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "yank" -d 'Hide a version from every customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "unyank" -d 'Make a yanked version visible again'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "deprecate" -d 'Mark a version as deprecated (still installable)'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "undeprecate" -d 'Remove the deprecation mark of a version'
complete -c cargoman -n "__fish_cargoman_using_subcommand package; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "status" -d 'Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "stats" -d 'Show per upstream what is cached, and what this process counted'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "purge" -d 'Delete every cached proxy file (metadata and archives), frozen packages\' too'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "freeze" -d 'Keep a public package at its cached metadata (never refreshed from upstream)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "unfreeze" -d 'Let a frozen public package follow its upstream again'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "alerts" -d 'List upstream failures: open ones first, then the latest resolved'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and not __fish_seen_subcommand_from status stats purge freeze unfreeze alerts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from status" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from status" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from stats" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from stats" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from stats" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -s y -l yes -d 'Do not ask for confirmation'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from freeze" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from freeze" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from freeze" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from freeze" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from freeze" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from freeze" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from unfreeze" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from unfreeze" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from unfreeze" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from unfreeze" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from unfreeze" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from unfreeze" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from alerts" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from alerts" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from alerts" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from alerts" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from alerts" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Show per upstream what is cached, and what this process counted'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Delete every cached proxy file (metadata and archives), frozen packages\' too'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "freeze" -d 'Keep a public package at its cached metadata (never refreshed from upstream)'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "unfreeze" -d 'Let a frozen public package follow its upstream again'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'List upstream failures: open ones first, then the latest resolved'
complete -c cargoman -n "__fish_cargoman_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Add an upstream Composer repository (it must answer with the credentials given)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List the upstreams by priority, the built-in Packagist included'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove an upstream and everything cached from it'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l name -d 'Name of the mirror (default: the URL\'s host)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l priority -d 'Lower is asked first; Packagist has 100 (default: 10)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l username -d 'User name for HTTP Basic (with --password-file)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l password-file -d 'File holding the HTTP Basic password ("-": standard input)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l bearer-file -d 'File holding a bearer token ("-": standard input)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an upstream Composer repository (it must answer with the credentials given)'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the upstreams by priority, the built-in Packagist included'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an upstream and everything cached from it'
complete -c cargoman -n "__fish_cargoman_using_subcommand mirror; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -f -a "add" -d 'Record an advisory for a package'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -f -a "list" -d 'List advisories (of one package, or all)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -f -a "delete" -d 'Delete an advisory by its id'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and not __fish_seen_subcommand_from add list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l title -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l affected -d 'Composer constraint of the affected versions, e.g. ">=1.0,<1.4.2"' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l id -d 'Advisory id (default: a generated CMSA-… id)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l cve -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l link -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l severity -d 'low, medium, high or critical' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l reported-at -d 'When it was reported (YYYY-MM-DD or RFC 3339; default now)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from delete" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from help" -f -a "add" -d 'Record an advisory for a package'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from help" -f -a "list" -d 'List advisories (of one package, or all)'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an advisory by its id'
complete -c cargoman -n "__fish_cargoman_using_subcommand advisory; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -f -a "issue" -d 'Issue an API token for the tenant (see --tenant); prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -f -a "create" -d 'Issue an API token for the tenant (see --tenant); prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -f -a "list" -d 'List API tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -f -a "revoke" -d 'Revoke an API token; it stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and not __fish_seen_subcommand_from issue create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -s l -l level -d 'owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -l name -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -l platform -d 'Valid in every tenant instead of one; at owner level it manages tenants too'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -s l -l level -d 'owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -l name -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -l platform -d 'Valid in every tenant instead of one; at owner level it manages tenants too'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from revoke" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from revoke" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from revoke" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue an API token for the tenant (see --tenant); prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List API tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke an API token; it stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand admin-token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "add" -d 'Add a tenant; prints its webhook secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "create" -d 'Add a tenant; prints its webhook secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "list" -d 'List tenants'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "show" -d 'Show a tenant with its domains'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "update" -d 'Rename a tenant (its slug stays)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "suspend" -d 'Suspend a tenant: every request to it is refused with the reason'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "reactivate" -d 'Make a suspended tenant serve again'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "delete" -d 'Delete a tenant with everything it holds: customers, tokens, packages, archives…'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "domain" -d 'Custom domains that select a tenant by Host'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "usage" -d 'What each tenant uses: packages, versions, customers, storage, bandwidth, installs'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "webhook-secret" -d 'Replace a tenant\'s webhook secret; prints the new one once'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and not __fish_seen_subcommand_from add create list show update suspend reactivate delete domain usage webhook-secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -l name -d 'Display name (default: the slug)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -l domain -d 'Custom domain that selects the tenant by Host (repeatable)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -l name -d 'Display name (default: the slug)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -l domain -d 'Custom domain that selects the tenant by Host (repeatable)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -l name -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s r -l reason -d 'Why (recorded in the audit log; shown to the tenant\'s clients)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from reactivate" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from reactivate" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from reactivate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from reactivate" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from reactivate" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from reactivate" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -f -a "add" -d 'Map a custom domain to a tenant'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -f -a "remove" -d 'Unmap a custom domain'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -f -a "rm" -d 'Unmap a custom domain'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from domain" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from usage" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from usage" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from usage" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from usage" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from usage" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from usage" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -l rotate -d 'Generate a new secret (the old one stops verifying deliveries at once)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from webhook-secret" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a tenant; prints its webhook secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tenants'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a tenant with its domains'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "update" -d 'Rename a tenant (its slug stays)'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "suspend" -d 'Suspend a tenant: every request to it is refused with the reason'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "reactivate" -d 'Make a suspended tenant serve again'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a tenant with everything it holds: customers, tokens, packages, archives…'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "domain" -d 'Custom domains that select a tenant by Host'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "usage" -d 'What each tenant uses: packages, versions, customers, storage, bandwidth, installs'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "webhook-secret" -d 'Replace a tenant\'s webhook secret; prints the new one once'
complete -c cargoman -n "__fish_cargoman_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'Newest entries first'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -s n -l limit -d 'At most N entries (default 100)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -d 'Only actions starting with this, e.g. customer or token.revoke' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -l target -d 'Only entries about this target (customer name, token id, package name)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -l actor -d 'Only entries by this actor, e.g. cli:alice or admin-token:3' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'Newest entries first'
complete -c cargoman -n "__fish_cargoman_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print the merged configuration (defaults, file, .env, environment) as TOML'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the merged configuration (defaults, file, .env, environment) as TOML'
complete -c cargoman -n "__fish_cargoman_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand completions" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand completions" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand completions" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand completions" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand completions" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -l out-dir -d 'Write a page per command into this folder instead of printing the main page' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -l config -d 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)' -r -F
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -l tenant -d 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)' -r
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -l json -d 'Print one JSON document on stdout instead of text'
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -s v -l verbose -d 'More log output (-v, -vv, -vvv)'
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -s q -l quiet -d 'Only errors on stderr'
complete -c cargoman -n "__fish_cargoman_using_subcommand man" -s h -l help -d 'Print help'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "init" -d 'Write an annotated config file and the data folder; print a fresh admin token once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "migrate" -d 'Apply pending database migrations (PostgreSQL or SQLite)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "serve" -d 'Start the HTTP server (Composer endpoints, APIs, webhooks, background jobs)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "customer" -d 'Manage customers, their lifecycle and their package grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "token" -d 'Manage customer tokens (the credentials Composer uses)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "package" -d 'Manage packages synced from git repositories'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "proxy" -d 'The Packagist proxy: its cache, frozen public packages and upstream alerts'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "mirror" -d 'Upstream Composer repositories behind the proxy (Packagist is the built-in one)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "advisory" -d 'Record security advisories that `composer audit` reports to customers'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "admin-token" -d 'Manage API credentials (owner, admin, viewer)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "tenant" -d 'Manage the tenants of a multi-tenant deployment, their domains and usage'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "audit" -d 'Read the audit log'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "config" -d 'Inspect the configuration in effect'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "completions" -d 'Print shell completions'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "man" -d 'Print or write man pages'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and not __fish_seen_subcommand_from init migrate serve customer token package proxy mirror advisory admin-token tenant audit config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "add" -d 'Add a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "list" -d 'List customers'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "show" -d 'Show a customer with its grants and tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "update" -d 'Change a customer\'s name, email, external id, expiry or proxy access'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "delete" -d 'Delete a customer with its tokens and grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "suspend" -d 'Suspend a customer: Composer answers 403 with the reason'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "reactivate" -d 'Make a suspended, expired or frozen customer active again'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "expire" -d 'Expire a customer now'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "freeze" -d 'Freeze a customer at explicit versions, or at what it can reach now'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "grant" -d 'Grant a package, limited by a Composer constraint (changes an existing grant)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "revoke" -d 'Take a package away'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from customer" -f -a "packages" -d 'List the packages granted to a customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "issue" -d 'Issue a token for a customer; prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List a customer\'s tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "show" -d 'Show one token'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "rotate" -d 'Replace a token\'s secret; the old one stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token; it stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "add" -d 'Register a git repository as a package (and sync it)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "update" -d 'Change a package\'s repository URL, type or credentials'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "list" -d 'List packages'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "show" -d 'Show a package, with the warnings of its last sync'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "versions" -d 'List a package\'s versions'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "sync" -d 'Fetch the repository and update versions and archives'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "delete" -d 'Delete a package with its versions, archives and grants'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "yank" -d 'Hide a version from every customer'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "unyank" -d 'Make a yanked version visible again'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "deprecate" -d 'Mark a version as deprecated (still installable)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from package" -f -a "undeprecate" -d 'Remove the deprecation mark of a version'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "status" -d 'Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "stats" -d 'Show per upstream what is cached, and what this process counted'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "purge" -d 'Delete every cached proxy file (metadata and archives), frozen packages\' too'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "freeze" -d 'Keep a public package at its cached metadata (never refreshed from upstream)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "unfreeze" -d 'Let a frozen public package follow its upstream again'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "alerts" -d 'List upstream failures: open ones first, then the latest resolved'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from mirror" -f -a "add" -d 'Add an upstream Composer repository (it must answer with the credentials given)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from mirror" -f -a "list" -d 'List the upstreams by priority, the built-in Packagist included'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from mirror" -f -a "remove" -d 'Remove an upstream and everything cached from it'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from advisory" -f -a "add" -d 'Record an advisory for a package'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from advisory" -f -a "list" -d 'List advisories (of one package, or all)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from advisory" -f -a "delete" -d 'Delete an advisory by its id'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from admin-token" -f -a "issue" -d 'Issue an API token for the tenant (see --tenant); prints the secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from admin-token" -f -a "list" -d 'List API tokens'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from admin-token" -f -a "revoke" -d 'Revoke an API token; it stops working at once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "add" -d 'Add a tenant; prints its webhook secret once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "list" -d 'List tenants'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show a tenant with its domains'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "update" -d 'Rename a tenant (its slug stays)'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "suspend" -d 'Suspend a tenant: every request to it is refused with the reason'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "reactivate" -d 'Make a suspended tenant serve again'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "delete" -d 'Delete a tenant with everything it holds: customers, tokens, packages, archives…'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "domain" -d 'Custom domains that select a tenant by Host'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "usage" -d 'What each tenant uses: packages, versions, customers, storage, bandwidth, installs'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "webhook-secret" -d 'Replace a tenant\'s webhook secret; prints the new one once'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'Newest entries first'
complete -c cargoman -n "__fish_cargoman_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the merged configuration (defaults, file, .env, environment) as TOML'
