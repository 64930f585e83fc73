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

# A session also ends after this long without a request (on top of the
# absolute timeout above); the cookie says SameSite explicitly rather than
# leaving it to each browser's default.
# LL::NG records a session's last request at most once per interval: the
# interval must be well below the timeout, or a busy session would end too.
$c->{timeoutActivity}         = 0 + env('R_INACTIVITY');
$c->{timeoutActivityInterval} = int( $c->{timeoutActivity} / 4 ) || 1;
$c->{timeoutActivityInterval} = 60 if $c->{timeoutActivityInterval} > 60;
$c->{sameSite}                = env('R_SAMESITE');

# Password guessing: every failed sign-in is kept in the account's history
# (persistent sessions, in the shared store), and after MaxFailed failures
# the right password too is refused until the lock time has passed since
# the last failure; each further failure lengthens it (IncrementalTempo).
# The portal answers PE_WAIT, "wait N seconds". nginx adds a per-address
# limit on the portal's POSTs (render.sh, FLEET_PORTAL_RATE).
my @lock_times = grep { /^\d+$/ } split /\s*,\s*/, env('R_LOCK_TIMES');
my $max_failed = 0 + env('R_MAX_FAILED');
$c->{loginHistoryEnabled}                  = 1;
# The history must hold MaxFailed - 1 free failures and one per lock time
# (LL::NG truncates the lock times to fit); two more for margin.
$c->{failedLoginNumber}                    = $max_failed + @lock_times + 2;
$c->{bruteForceProtection}                 = 1;
$c->{bruteForceProtectionMaxFailed}        = $max_failed;
$c->{bruteForceProtectionIncrementalTempo} = 1;
$c->{bruteForceProtectionLockTimes}        = join ', ', @lock_times;
# LL::NG drops any lock time not below the maximum: one second above the longest.
$c->{bruteForceProtectionMaxLockTime}      = 1 + ( sort { $b <=> $a } @lock_times )[0];
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
    $c->{ldapExportedVars} = $backend eq 'AD'
      ? { uid => 'sAMAccountName', cn => 'cn', mail => 'mail' }
      : { uid => 'uid', cn => 'cn', mail => 'mail' };

    # Groups: the groupOfNames (AD: group) entries below LLNG_LDAP_GROUP_BASE
    # whose "member" names the user's DN; inGroup("x") matches their cn.
    # Read at sign-in: a membership change holds from the next session.
    if ( env('R_LDAP_GROUP_BASE') ne '' ) {
        $c->{ldapGroupBase}                = env('R_LDAP_GROUP_BASE');
        $c->{ldapGroupObjectClass}         = $backend eq 'AD' ? 'group' : 'groupOfNames';
        $c->{ldapGroupAttributeName}       = 'member';
        $c->{ldapGroupAttributeNameUser}   = 'dn';
        $c->{ldapGroupAttributeNameSearch} = 'cn';
    }

    # TLS: ldaps:// or ldap+tls://host:port (StartTLS) always verify the
    # directory's certificate, against LLNG_LDAP_CA_FILE when given (else
    # the system's CAs).
    $c->{ldapVerify} = 'require';
    $c->{ldapCAFile} = env('R_LDAP_CA_FILE') if env('R_LDAP_CA_FILE') ne '';
}

# Access rules and the headers nginx reads back (auth_request_set).
# Deny by default: reading needs the viewer rule (an editor is a viewer),
# and every method other than GET and HEAD needs the editor rule, whatever
# the path, so a write path added later cannot open by accident. The only
# exceptions are Ocean's two POSTs that change nothing (its sign-in and the
# nearest-vehicles search), named below. The rules see the path nginx
# routes on (X_ORIGINAL_URI = $uri$is_args$args, decoded and normalised,
# captured before any rewrite), never the raw bytes the client sent: a
# percent-encoded letter cannot step around a regex here (CVE-2020-24660's
# pattern). REQUEST_METHOD is the client's (nginx's $request_method names
# the main request's method in the auth subrequest).
my $editor = env('R_EDITOR');
my $viewer = env('R_VIEWER');
my $reads  = q{($ENV{REQUEST_METHOD} eq "GET" or $ENV{REQUEST_METHOD} eq "HEAD")};
my %rules  = (
    '(?#Ocean sign-in: a POST that reads)^/vendors/ocean/auth/authenticate2$' => "($viewer) or ($editor)",
    '(?#Ocean nearest search: a POST that reads)^/vendors/ocean/vehicule_engin/nearestVehicles(?:\?|$)' =>
      "($viewer) or ($editor)",
    'default' => "(($viewer) and $reads) or ($editor)",
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
    # An ACL user and its password (Redis 6+), or a password alone: the
    # options go to Redis->new, which sends AUTH on every (re)connection.
    my %auth;
    $auth{password} = secret_file( env('R_REDIS_PASSWORD_FILE') ) if env('R_REDIS_PASSWORD_FILE') ne '';
    $auth{username} = env('R_REDIS_USER') if env('R_REDIS_USER') ne '';
    my %o = ( server => env('R_REDIS'), %auth );
    $c->{globalStorage}            = 'Apache::Session::Browseable::Redis';
    $c->{globalStorageOptions}     = { %o, generateModule => $generate };
    $c->{persistentStorage}        = 'Apache::Session::Browseable::Redis';
    $c->{persistentStorageOptions} = {%o};
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
        directory_umask    => 077,    # a number: a string '077' would be read as decimal 77
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
