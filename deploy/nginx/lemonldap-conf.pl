#!/usr/bin/perl
# Writes the LemonLDAP::NG configuration (lmConf-1.json) for the console's
# edge, starting from Debian's packaged one, from the R_* variables that
# render.sh sets after checking them. Core Perl only (JSON::PP).
use strict;
use warnings;
use JSON::PP;

sub env { my $v = $ENV{ $_[0] }; defined $v ? $v : '' }
sub slurp {
    open my $f, '<', $_[0] or die "cannot read $_[0]: $!\n";
    local $/;
    my $text = <$f>;
    return $text;
}
sub secret_file {
    my $path = shift;
    return '' if $path eq '';
    my $v = slurp($path);
    $v =~ s/[\r\n]+\z//;
    return $v;
}

my $c = decode_json( slurp( env('R_BASE') ) );

# Who we are: the portal, the cookie domain, the session length.
$c->{portal}        = env('R_PORTAL');
$c->{domain}        = env('R_DOMAIN');
$c->{securedCookie} = env('R_SECURE') ? 1 : 0;
$c->{httpOnly}      = 1;
$c->{timeout}       = 0 + env('R_TIMEOUT');
$c->{cfgNum}        = 1;
$c->{cfgAuthor}     = 'fleet console deploy/nginx/render.sh';
$c->{cfgDate}       = '' . time;

# Nothing the console does not use: no demo applications, no self-service
# registration or password reset (they need an SMTP stack), no reload URLs.
$c->{applicationList}            = {};
$c->{reloadUrls}                 = {};
$c->{registerDB}                 = 'Null';
$c->{portalDisplayRegister}      = 0;
$c->{portalDisplayResetPassword} = 0;

# Authentication backend.
my $backend = env('R_BACKEND');
$c->{authentication} = $backend;
$c->{userDB}         = 'Same';
$c->{passwordDB}     = $backend;
if ( $backend ne 'Demo' ) {
    $c->{ldapServer}       = env('R_LDAP_SERVER');
    $c->{ldapBase}         = env('R_LDAP_BASE');
    $c->{managerDn}        = env('R_LDAP_BIND_DN');
    $c->{managerPassword}  = secret_file( env('R_LDAP_BIND_PASSWORD_FILE') );
    $c->{ldapGroupBase}    = env('R_LDAP_GROUP_BASE') if env('R_LDAP_GROUP_BASE') ne '';
    $c->{ldapExportedVars} = $backend eq 'AD'
      ? { uid => 'sAMAccountName', cn => 'cn', mail => 'mail' }
      : { uid => 'uid', cn => 'cn', mail => 'mail' };
}

# Access rules and the headers nginx reads back (auth_request_set). The
# editor rule decides both the role the app shows and the one rule the edge
# enforces: only editors may write groups. The rule sees the URI the browser
# sent (X_ORIGINAL_URI), query string included.
my $editor = env('R_EDITOR');
my %rules = (
    '(?#Group writes: editors only)^/vendors/vehizen/api/v2/CustomerGroup(?:\?|$)' => $editor,
    'default' => 'accept',
);
my %headers = (
    'Auth-User' => '$uid',
    'Auth-Name' => '$cn',
    'Auth-Role' => "($editor) ? 'editor' : 'viewer'",
);
$c->{locationRules}   = { env('R_PORTAL_HOST') => { default => 'accept' } };
$c->{exportedHeaders} = {};
for my $host ( split ' ', env('R_HOSTS') ) {
    $c->{locationRules}{$host}   = {%rules};
    $c->{exportedHeaders}{$host} = {%headers};
}

# Sessions. A shared store (Redis, PostgreSQL) lets any node check any
# session; then no node keeps a local copy either, so a sign-out on one node
# holds on every node at once.
my $sessions = env('R_SESSIONS');
my $state    = env('R_STATE');
my $generate = 'Lemonldap::NG::Common::Apache::Session::Generate::SHA256';
if ( $sessions eq 'redis' ) {
    my %o = ( server => env('R_REDIS'), generateModule => $generate );
    $c->{globalStorage}            = 'Apache::Session::Browseable::Redis';
    $c->{globalStorageOptions}     = {%o};
    $c->{persistentStorage}        = 'Apache::Session::Browseable::Redis';
    $c->{persistentStorageOptions} = { server => env('R_REDIS') };
}
elsif ( $sessions eq 'postgresql' ) {
    my %o = (
        DataSource => env('R_PG_DSN'),
        UserName   => env('R_PG_USER'),
        Password   => secret_file( env('R_PG_PASSWORD_FILE') ),
        Commit     => 1,
    );
    $c->{globalStorage}            = 'Apache::Session::Browseable::PgJSON';
    $c->{globalStorageOptions}     = { %o, TableName => 'sessions', generateModule => $generate };
    $c->{persistentStorage}        = 'Apache::Session::Browseable::PgJSON';
    $c->{persistentStorageOptions} = { %o, TableName => 'psessions' };
}
else {
    $c->{globalStorage}        = 'Apache::Session::File';
    $c->{globalStorageOptions} = {
        Directory      => "$state/sessions",
        LockDirectory  => "$state/sessions/lock",
        generateModule => $generate,
    };
    $c->{persistentStorage}        = 'Apache::Session::File';
    $c->{persistentStorageOptions} = { Directory => "$state/psessions", LockDirectory => "$state/psessions/lock" };
}
if ( $sessions eq 'file' ) {
    $c->{localSessionStorage}        = 'Cache::FileCache';
    $c->{localSessionStorageOptions} = {
        namespace          => 'lemonldap-ng-sessions',
        default_expires_in => 600,
        directory_umask    => '007',
        cache_root         => "$state/cache",
        cache_depth        => 3,
    };
}
else {
    $c->{localSessionStorage}        = '';
    $c->{localSessionStorageOptions} = {};
    $c->{handlerInternalCache}       = 0;
}

# The company's own settings win (OpenID Connect, SAML, Kerberos...).
if ( env('R_OVERLAY') ne '' ) {
    my $overlay = decode_json( slurp( env('R_OVERLAY') ) );
    die "LLNG_CONF_OVERLAY must hold a JSON object\n" unless ref $overlay eq 'HASH';
    $c->{$_} = $overlay->{$_} for keys %$overlay;
}

print JSON::PP->new->canonical->pretty->encode($c);
