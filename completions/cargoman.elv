
use builtin;
use str;

set edit:completion:arg-completer[cargoman] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'cargoman'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'cargoman'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write an annotated config file and the data folder; print a fresh admin token once'
            cand migrate 'Apply pending database migrations (PostgreSQL or SQLite)'
            cand serve 'Start the HTTP server (Composer endpoints, APIs, webhooks, background jobs)'
            cand customer 'Manage customers, their lifecycle and their package grants'
            cand token 'Manage customer tokens (the credentials Composer uses)'
            cand package 'Manage packages synced from git repositories'
            cand proxy 'The Packagist proxy: its cache, frozen public packages and upstream alerts'
            cand mirror 'Upstream Composer repositories behind the proxy (Packagist is the built-in one)'
            cand advisory 'Record security advisories that `composer audit` reports to customers'
            cand admin-token 'Manage API credentials (owner, admin, viewer)'
            cand tenant 'Manage the tenants of a multi-tenant deployment, their domains and usage'
            cand audit 'Read the audit log'
            cand config 'Inspect the configuration in effect'
            cand completions 'Print shell completions'
            cand man 'Print or write man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;init'= {
            cand --path 'Where to write the config file (default: ./cargoman.toml)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --force 'Overwrite an existing config file'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;migrate'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --status 'Only show applied and pending migrations'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;serve'= {
            cand --host 'Address to listen on (env HOST)'
            cand --port 'Port to listen on; 0 picks a free one (env PORT)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a customer'
            cand create 'Add a customer'
            cand list 'List customers'
            cand show 'Show a customer with its grants and tokens'
            cand update 'Change a customer''s name, email, external id, expiry or proxy access'
            cand delete 'Delete a customer with its tokens and grants'
            cand suspend 'Suspend a customer: Composer answers 403 with the reason'
            cand reactivate 'Make a suspended, expired or frozen customer active again'
            cand expire 'Expire a customer now'
            cand freeze 'Freeze a customer at explicit versions, or at what it can reach now'
            cand grant 'Grant a package, limited by a Composer constraint (changes an existing grant)'
            cand revoke 'Take a package away'
            cand packages 'List the packages granted to a customer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;customer;add'= {
            cand --email 'email'
            cand --external-id 'Id of the customer in your billing system'
            cand --expires-at 'YYYY-MM-DD (valid through that day, UTC) or RFC 3339'
            cand --proxy-access 'Whether the customer''s tokens may fetch public packages through the Packagist proxy (default: on)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;create'= {
            cand --email 'email'
            cand --external-id 'Id of the customer in your billing system'
            cand --expires-at 'YYYY-MM-DD (valid through that day, UTC) or RFC 3339'
            cand --proxy-access 'Whether the customer''s tokens may fetch public packages through the Packagist proxy (default: on)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;list'= {
            cand --status 'Only customers with this status (active, suspended, expired, frozen)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;show'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;update'= {
            cand --name 'name'
            cand --email 'New email ("" clears it)'
            cand --external-id 'New external id ("" clears it)'
            cand --expires-at 'New expiry: YYYY-MM-DD, RFC 3339, or "never"'
            cand --proxy-access 'Whether the customer''s tokens may fetch public packages through the Packagist proxy'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;delete'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;suspend'= {
            cand -r 'Why (recorded in the audit log; shown to a suspended customer by Composer)'
            cand --reason 'Why (recorded in the audit log; shown to a suspended customer by Composer)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;reactivate'= {
            cand -r 'Why (recorded in the audit log; shown to a suspended customer by Composer)'
            cand --reason 'Why (recorded in the audit log; shown to a suspended customer by Composer)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;expire'= {
            cand -r 'Why (recorded in the audit log; shown to a suspended customer by Composer)'
            cand --reason 'Why (recorded in the audit log; shown to a suspended customer by Composer)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;freeze'= {
            cand --version 'vendor/package=VERSION to keep (repeatable); none: everything reachable now'
            cand -r 'r'
            cand --reason 'reason'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;grant'= {
            cand -c 'Composer constraint of the versions granted (default: *)'
            cand --constraint 'Composer constraint of the versions granted (default: *)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;revoke'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;packages'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;customer;help'= {
            cand add 'Add a customer'
            cand list 'List customers'
            cand show 'Show a customer with its grants and tokens'
            cand update 'Change a customer''s name, email, external id, expiry or proxy access'
            cand delete 'Delete a customer with its tokens and grants'
            cand suspend 'Suspend a customer: Composer answers 403 with the reason'
            cand reactivate 'Make a suspended, expired or frozen customer active again'
            cand expire 'Expire a customer now'
            cand freeze 'Freeze a customer at explicit versions, or at what it can reach now'
            cand grant 'Grant a package, limited by a Composer constraint (changes an existing grant)'
            cand revoke 'Take a package away'
            cand packages 'List the packages granted to a customer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;customer;help;add'= {
        }
        &'cargoman;customer;help;list'= {
        }
        &'cargoman;customer;help;show'= {
        }
        &'cargoman;customer;help;update'= {
        }
        &'cargoman;customer;help;delete'= {
        }
        &'cargoman;customer;help;suspend'= {
        }
        &'cargoman;customer;help;reactivate'= {
        }
        &'cargoman;customer;help;expire'= {
        }
        &'cargoman;customer;help;freeze'= {
        }
        &'cargoman;customer;help;grant'= {
        }
        &'cargoman;customer;help;revoke'= {
        }
        &'cargoman;customer;help;packages'= {
        }
        &'cargoman;customer;help;help'= {
        }
        &'cargoman;token'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand issue 'Issue a token for a customer; prints the secret once'
            cand create 'Issue a token for a customer; prints the secret once'
            cand list 'List a customer''s tokens'
            cand show 'Show one token'
            cand rotate 'Replace a token''s secret; the old one stops working at once'
            cand revoke 'Revoke a token; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;token;issue'= {
            cand -c 'Customer id or name'
            cand --customer 'Customer id or name'
            cand --name 'A label, e.g. "CI" or "laptop"'
            cand --scope 'download (metadata and archives, default) or metadata (metadata only)'
            cand --packages 'Limit the token to packages matching GLOB, e.g. acme/* (repeatable)'
            cand --expires-in-days 'The token stops working after N days'
            cand --expires-at 'The token stops working at DATE (YYYY-MM-DD or RFC 3339)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;token;create'= {
            cand -c 'Customer id or name'
            cand --customer 'Customer id or name'
            cand --name 'A label, e.g. "CI" or "laptop"'
            cand --scope 'download (metadata and archives, default) or metadata (metadata only)'
            cand --packages 'Limit the token to packages matching GLOB, e.g. acme/* (repeatable)'
            cand --expires-in-days 'The token stops working after N days'
            cand --expires-at 'The token stops working at DATE (YYYY-MM-DD or RFC 3339)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;token;list'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;token;show'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;token;rotate'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;token;revoke'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;token;help'= {
            cand issue 'Issue a token for a customer; prints the secret once'
            cand list 'List a customer''s tokens'
            cand show 'Show one token'
            cand rotate 'Replace a token''s secret; the old one stops working at once'
            cand revoke 'Revoke a token; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;token;help;issue'= {
        }
        &'cargoman;token;help;list'= {
        }
        &'cargoman;token;help;show'= {
        }
        &'cargoman;token;help;rotate'= {
        }
        &'cargoman;token;help;revoke'= {
        }
        &'cargoman;token;help;help'= {
        }
        &'cargoman;package'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Register a git repository as a package (and sync it)'
            cand update 'Change a package''s repository URL, type or credentials'
            cand list 'List packages'
            cand show 'Show a package, with the warnings of its last sync'
            cand versions 'List a package''s versions'
            cand sync 'Fetch the repository and update versions and archives'
            cand delete 'Delete a package with its versions, archives and grants'
            cand yank 'Hide a version from every customer'
            cand unyank 'Make a yanked version visible again'
            cand deprecate 'Mark a version as deprecated (still installable)'
            cand undeprecate 'Remove the deprecation mark of a version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;package;add'= {
            cand --name 'Package name (vendor/package); read from composer.json when missing'
            cand --type 'github, gitlab, bitbucket or git (guessed from the URL when missing)'
            cand --token 'HTTPS token for a private repository (prefer --token-file: arguments are visible to other users)'
            cand --token-file 'File holding the HTTPS token'
            cand --username 'User name sent with the token (default per host: x-access-token, oauth2, x-token-auth)'
            cand --ssh-key 'SSH private key file for ssh:// or git@host:path URLs'
            cand --ssh-passphrase-file 'File holding the SSH key''s passphrase'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --no-sync 'Register only; do not fetch or sync now'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;update'= {
            cand --url 'url'
            cand --type 'type'
            cand --token 'HTTPS token for a private repository (prefer --token-file: arguments are visible to other users)'
            cand --token-file 'File holding the HTTPS token'
            cand --username 'User name sent with the token (default per host: x-access-token, oauth2, x-token-auth)'
            cand --ssh-key 'SSH private key file for ssh:// or git@host:path URLs'
            cand --ssh-passphrase-file 'File holding the SSH key''s passphrase'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --no-credentials 'Remove stored credentials'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;list'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;show'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;versions'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;sync'= {
            cand --concurrency 'Packages synced at once with --all'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --all 'Sync every package'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;delete'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;yank'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;unyank'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;deprecate'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;undeprecate'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;package;help'= {
            cand add 'Register a git repository as a package (and sync it)'
            cand update 'Change a package''s repository URL, type or credentials'
            cand list 'List packages'
            cand show 'Show a package, with the warnings of its last sync'
            cand versions 'List a package''s versions'
            cand sync 'Fetch the repository and update versions and archives'
            cand delete 'Delete a package with its versions, archives and grants'
            cand yank 'Hide a version from every customer'
            cand unyank 'Make a yanked version visible again'
            cand deprecate 'Mark a version as deprecated (still installable)'
            cand undeprecate 'Remove the deprecation mark of a version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;package;help;add'= {
        }
        &'cargoman;package;help;update'= {
        }
        &'cargoman;package;help;list'= {
        }
        &'cargoman;package;help;show'= {
        }
        &'cargoman;package;help;versions'= {
        }
        &'cargoman;package;help;sync'= {
        }
        &'cargoman;package;help;delete'= {
        }
        &'cargoman;package;help;yank'= {
        }
        &'cargoman;package;help;unyank'= {
        }
        &'cargoman;package;help;deprecate'= {
        }
        &'cargoman;package;help;undeprecate'= {
        }
        &'cargoman;package;help;help'= {
        }
        &'cargoman;proxy'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts'
            cand stats 'Show per upstream what is cached, and what this process counted'
            cand purge 'Delete every cached proxy file (metadata and archives), frozen packages'' too'
            cand freeze 'Keep a public package at its cached metadata (never refreshed from upstream)'
            cand unfreeze 'Let a frozen public package follow its upstream again'
            cand alerts 'List upstream failures: open ones first, then the latest resolved'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;proxy;status'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;proxy;stats'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;proxy;purge'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;proxy;freeze'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;proxy;unfreeze'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;proxy;alerts'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;proxy;help'= {
            cand status 'Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts'
            cand stats 'Show per upstream what is cached, and what this process counted'
            cand purge 'Delete every cached proxy file (metadata and archives), frozen packages'' too'
            cand freeze 'Keep a public package at its cached metadata (never refreshed from upstream)'
            cand unfreeze 'Let a frozen public package follow its upstream again'
            cand alerts 'List upstream failures: open ones first, then the latest resolved'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;proxy;help;status'= {
        }
        &'cargoman;proxy;help;stats'= {
        }
        &'cargoman;proxy;help;purge'= {
        }
        &'cargoman;proxy;help;freeze'= {
        }
        &'cargoman;proxy;help;unfreeze'= {
        }
        &'cargoman;proxy;help;alerts'= {
        }
        &'cargoman;proxy;help;help'= {
        }
        &'cargoman;mirror'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add an upstream Composer repository (it must answer with the credentials given)'
            cand list 'List the upstreams by priority, the built-in Packagist included'
            cand remove 'Remove an upstream and everything cached from it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;mirror;add'= {
            cand --name 'Name of the mirror (default: the URL''s host)'
            cand --priority 'Lower is asked first; Packagist has 100 (default: 10)'
            cand --username 'User name for HTTP Basic (with --password-file)'
            cand --password-file 'File holding the HTTP Basic password ("-": standard input)'
            cand --bearer-file 'File holding a bearer token ("-": standard input)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;mirror;list'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;mirror;remove'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;mirror;help'= {
            cand add 'Add an upstream Composer repository (it must answer with the credentials given)'
            cand list 'List the upstreams by priority, the built-in Packagist included'
            cand remove 'Remove an upstream and everything cached from it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;mirror;help;add'= {
        }
        &'cargoman;mirror;help;list'= {
        }
        &'cargoman;mirror;help;remove'= {
        }
        &'cargoman;mirror;help;help'= {
        }
        &'cargoman;advisory'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Record an advisory for a package'
            cand list 'List advisories (of one package, or all)'
            cand delete 'Delete an advisory by its id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;advisory;add'= {
            cand --title 'title'
            cand --affected 'Composer constraint of the affected versions, e.g. ">=1.0,<1.4.2"'
            cand --id 'Advisory id (default: a generated CMSA-… id)'
            cand --cve 'cve'
            cand --link 'link'
            cand --severity 'low, medium, high or critical'
            cand --reported-at 'When it was reported (YYYY-MM-DD or RFC 3339; default now)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;advisory;list'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;advisory;delete'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;advisory;help'= {
            cand add 'Record an advisory for a package'
            cand list 'List advisories (of one package, or all)'
            cand delete 'Delete an advisory by its id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;advisory;help;add'= {
        }
        &'cargoman;advisory;help;list'= {
        }
        &'cargoman;advisory;help;delete'= {
        }
        &'cargoman;advisory;help;help'= {
        }
        &'cargoman;admin-token'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand issue 'Issue an API token for the tenant (see --tenant); prints the secret once'
            cand create 'Issue an API token for the tenant (see --tenant); prints the secret once'
            cand list 'List API tokens'
            cand revoke 'Revoke an API token; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;admin-token;issue'= {
            cand -l 'owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)'
            cand --level 'owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)'
            cand --name 'name'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --platform 'Valid in every tenant instead of one; at owner level it manages tenants too'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;admin-token;create'= {
            cand -l 'owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)'
            cand --level 'owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)'
            cand --name 'name'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --platform 'Valid in every tenant instead of one; at owner level it manages tenants too'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;admin-token;list'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;admin-token;revoke'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;admin-token;help'= {
            cand issue 'Issue an API token for the tenant (see --tenant); prints the secret once'
            cand list 'List API tokens'
            cand revoke 'Revoke an API token; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;admin-token;help;issue'= {
        }
        &'cargoman;admin-token;help;list'= {
        }
        &'cargoman;admin-token;help;revoke'= {
        }
        &'cargoman;admin-token;help;help'= {
        }
        &'cargoman;tenant'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a tenant; prints its webhook secret once'
            cand create 'Add a tenant; prints its webhook secret once'
            cand list 'List tenants'
            cand show 'Show a tenant with its domains'
            cand update 'Rename a tenant (its slug stays)'
            cand suspend 'Suspend a tenant: every request to it is refused with the reason'
            cand reactivate 'Make a suspended tenant serve again'
            cand delete 'Delete a tenant with everything it holds: customers, tokens, packages, archives…'
            cand domain 'Custom domains that select a tenant by Host'
            cand usage 'What each tenant uses: packages, versions, customers, storage, bandwidth, installs'
            cand webhook-secret 'Replace a tenant''s webhook secret; prints the new one once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;tenant;add'= {
            cand --name 'Display name (default: the slug)'
            cand --domain 'Custom domain that selects the tenant by Host (repeatable)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;create'= {
            cand --name 'Display name (default: the slug)'
            cand --domain 'Custom domain that selects the tenant by Host (repeatable)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;list'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;show'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;update'= {
            cand --name 'name'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;suspend'= {
            cand -r 'Why (recorded in the audit log; shown to the tenant''s clients)'
            cand --reason 'Why (recorded in the audit log; shown to the tenant''s clients)'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;reactivate'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;delete'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;domain'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Map a custom domain to a tenant'
            cand remove 'Unmap a custom domain'
            cand rm 'Unmap a custom domain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;tenant;domain;add'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;domain;remove'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;domain;rm'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;domain;help'= {
            cand add 'Map a custom domain to a tenant'
            cand remove 'Unmap a custom domain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;tenant;domain;help;add'= {
        }
        &'cargoman;tenant;domain;help;remove'= {
        }
        &'cargoman;tenant;domain;help;help'= {
        }
        &'cargoman;tenant;usage'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;webhook-secret'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --rotate 'Generate a new secret (the old one stops verifying deliveries at once)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;tenant;help'= {
            cand add 'Add a tenant; prints its webhook secret once'
            cand list 'List tenants'
            cand show 'Show a tenant with its domains'
            cand update 'Rename a tenant (its slug stays)'
            cand suspend 'Suspend a tenant: every request to it is refused with the reason'
            cand reactivate 'Make a suspended tenant serve again'
            cand delete 'Delete a tenant with everything it holds: customers, tokens, packages, archives…'
            cand domain 'Custom domains that select a tenant by Host'
            cand usage 'What each tenant uses: packages, versions, customers, storage, bandwidth, installs'
            cand webhook-secret 'Replace a tenant''s webhook secret; prints the new one once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;tenant;help;add'= {
        }
        &'cargoman;tenant;help;list'= {
        }
        &'cargoman;tenant;help;show'= {
        }
        &'cargoman;tenant;help;update'= {
        }
        &'cargoman;tenant;help;suspend'= {
        }
        &'cargoman;tenant;help;reactivate'= {
        }
        &'cargoman;tenant;help;delete'= {
        }
        &'cargoman;tenant;help;domain'= {
            cand add 'Map a custom domain to a tenant'
            cand remove 'Unmap a custom domain'
        }
        &'cargoman;tenant;help;domain;add'= {
        }
        &'cargoman;tenant;help;domain;remove'= {
        }
        &'cargoman;tenant;help;usage'= {
        }
        &'cargoman;tenant;help;webhook-secret'= {
        }
        &'cargoman;tenant;help;help'= {
        }
        &'cargoman;audit'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Newest entries first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;audit;list'= {
            cand -n 'At most N entries (default 100)'
            cand --limit 'At most N entries (default 100)'
            cand --action 'Only actions starting with this, e.g. customer or token.revoke'
            cand --target 'Only entries about this target (customer name, token id, package name)'
            cand --actor 'Only entries by this actor, e.g. cli:alice or admin-token:3'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;audit;help'= {
            cand list 'Newest entries first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;audit;help;list'= {
        }
        &'cargoman;audit;help;help'= {
        }
        &'cargoman;config'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the merged configuration (defaults, file, .env, environment) as TOML'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;config;show'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;config;help'= {
            cand show 'Print the merged configuration (defaults, file, .env, environment) as TOML'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;config;help;show'= {
        }
        &'cargoman;config;help;help'= {
        }
        &'cargoman;completions'= {
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;man'= {
            cand --out-dir 'Write a page per command into this folder instead of printing the main page'
            cand --config 'TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)'
            cand --tenant 'Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'More log output (-v, -vv, -vvv)'
            cand --verbose 'More log output (-v, -vv, -vvv)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'cargoman;help'= {
            cand init 'Write an annotated config file and the data folder; print a fresh admin token once'
            cand migrate 'Apply pending database migrations (PostgreSQL or SQLite)'
            cand serve 'Start the HTTP server (Composer endpoints, APIs, webhooks, background jobs)'
            cand customer 'Manage customers, their lifecycle and their package grants'
            cand token 'Manage customer tokens (the credentials Composer uses)'
            cand package 'Manage packages synced from git repositories'
            cand proxy 'The Packagist proxy: its cache, frozen public packages and upstream alerts'
            cand mirror 'Upstream Composer repositories behind the proxy (Packagist is the built-in one)'
            cand advisory 'Record security advisories that `composer audit` reports to customers'
            cand admin-token 'Manage API credentials (owner, admin, viewer)'
            cand tenant 'Manage the tenants of a multi-tenant deployment, their domains and usage'
            cand audit 'Read the audit log'
            cand config 'Inspect the configuration in effect'
            cand completions 'Print shell completions'
            cand man 'Print or write man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cargoman;help;init'= {
        }
        &'cargoman;help;migrate'= {
        }
        &'cargoman;help;serve'= {
        }
        &'cargoman;help;customer'= {
            cand add 'Add a customer'
            cand list 'List customers'
            cand show 'Show a customer with its grants and tokens'
            cand update 'Change a customer''s name, email, external id, expiry or proxy access'
            cand delete 'Delete a customer with its tokens and grants'
            cand suspend 'Suspend a customer: Composer answers 403 with the reason'
            cand reactivate 'Make a suspended, expired or frozen customer active again'
            cand expire 'Expire a customer now'
            cand freeze 'Freeze a customer at explicit versions, or at what it can reach now'
            cand grant 'Grant a package, limited by a Composer constraint (changes an existing grant)'
            cand revoke 'Take a package away'
            cand packages 'List the packages granted to a customer'
        }
        &'cargoman;help;customer;add'= {
        }
        &'cargoman;help;customer;list'= {
        }
        &'cargoman;help;customer;show'= {
        }
        &'cargoman;help;customer;update'= {
        }
        &'cargoman;help;customer;delete'= {
        }
        &'cargoman;help;customer;suspend'= {
        }
        &'cargoman;help;customer;reactivate'= {
        }
        &'cargoman;help;customer;expire'= {
        }
        &'cargoman;help;customer;freeze'= {
        }
        &'cargoman;help;customer;grant'= {
        }
        &'cargoman;help;customer;revoke'= {
        }
        &'cargoman;help;customer;packages'= {
        }
        &'cargoman;help;token'= {
            cand issue 'Issue a token for a customer; prints the secret once'
            cand list 'List a customer''s tokens'
            cand show 'Show one token'
            cand rotate 'Replace a token''s secret; the old one stops working at once'
            cand revoke 'Revoke a token; it stops working at once'
        }
        &'cargoman;help;token;issue'= {
        }
        &'cargoman;help;token;list'= {
        }
        &'cargoman;help;token;show'= {
        }
        &'cargoman;help;token;rotate'= {
        }
        &'cargoman;help;token;revoke'= {
        }
        &'cargoman;help;package'= {
            cand add 'Register a git repository as a package (and sync it)'
            cand update 'Change a package''s repository URL, type or credentials'
            cand list 'List packages'
            cand show 'Show a package, with the warnings of its last sync'
            cand versions 'List a package''s versions'
            cand sync 'Fetch the repository and update versions and archives'
            cand delete 'Delete a package with its versions, archives and grants'
            cand yank 'Hide a version from every customer'
            cand unyank 'Make a yanked version visible again'
            cand deprecate 'Mark a version as deprecated (still installable)'
            cand undeprecate 'Remove the deprecation mark of a version'
        }
        &'cargoman;help;package;add'= {
        }
        &'cargoman;help;package;update'= {
        }
        &'cargoman;help;package;list'= {
        }
        &'cargoman;help;package;show'= {
        }
        &'cargoman;help;package;versions'= {
        }
        &'cargoman;help;package;sync'= {
        }
        &'cargoman;help;package;delete'= {
        }
        &'cargoman;help;package;yank'= {
        }
        &'cargoman;help;package;unyank'= {
        }
        &'cargoman;help;package;deprecate'= {
        }
        &'cargoman;help;package;undeprecate'= {
        }
        &'cargoman;help;proxy'= {
            cand status 'Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts'
            cand stats 'Show per upstream what is cached, and what this process counted'
            cand purge 'Delete every cached proxy file (metadata and archives), frozen packages'' too'
            cand freeze 'Keep a public package at its cached metadata (never refreshed from upstream)'
            cand unfreeze 'Let a frozen public package follow its upstream again'
            cand alerts 'List upstream failures: open ones first, then the latest resolved'
        }
        &'cargoman;help;proxy;status'= {
        }
        &'cargoman;help;proxy;stats'= {
        }
        &'cargoman;help;proxy;purge'= {
        }
        &'cargoman;help;proxy;freeze'= {
        }
        &'cargoman;help;proxy;unfreeze'= {
        }
        &'cargoman;help;proxy;alerts'= {
        }
        &'cargoman;help;mirror'= {
            cand add 'Add an upstream Composer repository (it must answer with the credentials given)'
            cand list 'List the upstreams by priority, the built-in Packagist included'
            cand remove 'Remove an upstream and everything cached from it'
        }
        &'cargoman;help;mirror;add'= {
        }
        &'cargoman;help;mirror;list'= {
        }
        &'cargoman;help;mirror;remove'= {
        }
        &'cargoman;help;advisory'= {
            cand add 'Record an advisory for a package'
            cand list 'List advisories (of one package, or all)'
            cand delete 'Delete an advisory by its id'
        }
        &'cargoman;help;advisory;add'= {
        }
        &'cargoman;help;advisory;list'= {
        }
        &'cargoman;help;advisory;delete'= {
        }
        &'cargoman;help;admin-token'= {
            cand issue 'Issue an API token for the tenant (see --tenant); prints the secret once'
            cand list 'List API tokens'
            cand revoke 'Revoke an API token; it stops working at once'
        }
        &'cargoman;help;admin-token;issue'= {
        }
        &'cargoman;help;admin-token;list'= {
        }
        &'cargoman;help;admin-token;revoke'= {
        }
        &'cargoman;help;tenant'= {
            cand add 'Add a tenant; prints its webhook secret once'
            cand list 'List tenants'
            cand show 'Show a tenant with its domains'
            cand update 'Rename a tenant (its slug stays)'
            cand suspend 'Suspend a tenant: every request to it is refused with the reason'
            cand reactivate 'Make a suspended tenant serve again'
            cand delete 'Delete a tenant with everything it holds: customers, tokens, packages, archives…'
            cand domain 'Custom domains that select a tenant by Host'
            cand usage 'What each tenant uses: packages, versions, customers, storage, bandwidth, installs'
            cand webhook-secret 'Replace a tenant''s webhook secret; prints the new one once'
        }
        &'cargoman;help;tenant;add'= {
        }
        &'cargoman;help;tenant;list'= {
        }
        &'cargoman;help;tenant;show'= {
        }
        &'cargoman;help;tenant;update'= {
        }
        &'cargoman;help;tenant;suspend'= {
        }
        &'cargoman;help;tenant;reactivate'= {
        }
        &'cargoman;help;tenant;delete'= {
        }
        &'cargoman;help;tenant;domain'= {
            cand add 'Map a custom domain to a tenant'
            cand remove 'Unmap a custom domain'
        }
        &'cargoman;help;tenant;domain;add'= {
        }
        &'cargoman;help;tenant;domain;remove'= {
        }
        &'cargoman;help;tenant;usage'= {
        }
        &'cargoman;help;tenant;webhook-secret'= {
        }
        &'cargoman;help;audit'= {
            cand list 'Newest entries first'
        }
        &'cargoman;help;audit;list'= {
        }
        &'cargoman;help;config'= {
            cand show 'Print the merged configuration (defaults, file, .env, environment) as TOML'
        }
        &'cargoman;help;config;show'= {
        }
        &'cargoman;help;completions'= {
        }
        &'cargoman;help;man'= {
        }
        &'cargoman;help;help'= {
        }
    ]
    $completions[$command]
}
