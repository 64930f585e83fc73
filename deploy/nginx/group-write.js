// The group writes' body, as nginx's njs sees it (js_set, nginx.conf): what
// the audit log names, and whether the write may go on at all. The write
// location reads the whole body before it chooses the upstream (its
// `mirror`), so a body that could make the audit log name one group while
// Vehizen acts on another is refused (400) before it is forwarded.
//
// Vehizen's CustomerGroupDto: `Id` names the group ("null = create"). The
// console writes it first, spelled plainly, once. So a write passes only
// as a JSON object in which no top-level key but the first decodes to "Id"
// in any case (`"\u0049d"` and `"id"` do: a case-insensitive reader, as
// ASP.NET's default is, would take either), and that one is spelled "Id"
// byte for byte; a PUT must have it, with a GUID. Vehicles inside carry
// their own "Id" keys: only the top level is looked at.

var GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

// The raw spelling of each top-level key of a JSON object, in order, or
// null when the text is not one object. Strings are skipped with their
// escapes; depth counts braces and brackets outside strings.
function topLevelKeys(text) {
    var keys = [];
    var depth = 0;
    var expectKey = false;
    var i = 0;
    while (i < text.length) {
        var c = text.charAt(i);
        if (c === '"') {
            var j = i + 1;
            while (j < text.length && text.charAt(j) !== '"') {
                j += text.charAt(j) === '\\' ? 2 : 1;
            }
            if (j >= text.length) {
                return null;
            }
            if (depth === 1 && expectKey) {
                keys.push(text.slice(i + 1, j));
                expectKey = false;
            }
            i = j + 1;
            continue;
        }
        if (c === '{' || c === '[') {
            if (depth === 0 && c !== '{') {
                return null;
            }
            depth++;
            expectKey = depth === 1;
        } else if (c === '}' || c === ']') {
            depth--;
        } else if (c === ',' && depth === 1) {
            expectKey = true;
        }
        i++;
    }
    return keys;
}

// The group the body names, or "" (a create, or a body refused below).
function named(r) {
    var text = r.requestText;
    if (!text) {
        return { ok: false, id: '' };
    }
    var parsed;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        return { ok: false, id: '' };
    }
    var keys = topLevelKeys(text);
    if (keys === null || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return { ok: false, id: '' };
    }
    var ids = 0;
    for (var k = 0; k < keys.length; k++) {
        var decoded;
        try {
            decoded = JSON.parse('"' + keys[k] + '"');
        } catch (e) {
            return { ok: false, id: '' };
        }
        if (typeof decoded === 'string' && decoded.toLowerCase() === 'id') {
            ids++;
            if (k !== 0 || keys[k] !== 'Id') {
                return { ok: false, id: '' };
            }
        }
    }
    var id = ids === 1 && typeof parsed.Id === 'string' && GUID.test(parsed.Id) ? parsed.Id : '';
    if (ids === 1 && parsed.Id !== null && id === '') {
        return { ok: false, id: '' };
    }
    if (r.method === 'PUT' && id === '') {
        return { ok: false, id: '' };
    }
    return { ok: true, id: id };
}

// $fleet_body_verdict: "ok", or "refused".
function verdict(r) {
    return named(r).ok ? 'ok' : 'refused';
}

// $fleet_group_id: the audit log's "group", in lower case whatever case
// the body used (Vehizen answers in lower case; searches of the log match).
function groupId(r) {
    return named(r).id.toLowerCase();
}

export default { verdict, groupId };
