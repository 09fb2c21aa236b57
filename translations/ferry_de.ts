<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Application</name>
    <message>
        <source>Ferry downloads files and processes them.</source>
        <translation>Ferry lädt Dateien herunter und verarbeitet sie.</translation>
    </message>
    <message>
        <source>Save downloads in &lt;dir&gt;.</source>
        <translation>Downloads in &lt;Ordner&gt; speichern.</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>http or https URLs to download.</source>
        <translation>http- oder https-URLs zum Herunterladen.</translation>
    </message>
    <message>
        <source>[URL...]</source>
        <translation>[URL...]</translation>
    </message>
    <message>
        <source>Ignoring &quot;%1&quot;: not an http or https URL.</source>
        <translation>„%1“ wird ignoriert: keine http- oder https-URL.</translation>
    </message>
    <message>
        <source>Running without the single-instance check: %1</source>
        <translation>Läuft ohne Prüfung auf eine zweite Instanz: %1</translation>
    </message>
    <message>
        <source>Another Ferry passed arguments that were not understood: %1</source>
        <translation>Ein anderes Ferry hat unverständliche Argumente übergeben: %1</translation>
    </message>
    <message>
        <source>Use a dark colour scheme, whatever the desktop&apos;s.</source>
        <translation>Ein dunkles Farbschema verwenden, unabhängig vom Desktop.</translation>
    </message>
    <message>
        <source>Print startup times and memory, then quit.</source>
        <translation>Startzeiten und Speicher ausgeben, dann beenden.</translation>
    </message>
</context>
<context>
    <name>ContentDecoder</name>
    <message>
        <source>Cannot restart the gzip decoder</source>
        <translation>Der gzip-Decoder kann nicht neu gestartet werden</translation>
    </message>
    <message>
        <source>Cannot initialise the deflate decoder</source>
        <translation>Der deflate-Decoder kann nicht initialisiert werden</translation>
    </message>
    <message>
        <source>Cannot initialise the gzip decoder</source>
        <translation>Der gzip-Decoder kann nicht initialisiert werden</translation>
    </message>
    <message>
        <source>Compressed data needs a preset dictionary</source>
        <translation>Die komprimierten Daten brauchen ein voreingestelltes Wörterbuch</translation>
    </message>
    <message>
        <source>Out of memory while decompressing</source>
        <translation>Kein Speicher mehr beim Dekomprimieren</translation>
    </message>
    <message>
        <source>Corrupt compressed data: %1</source>
        <translation>Beschädigte komprimierte Daten: %1</translation>
    </message>
    <message>
        <source>Corrupt compressed data</source>
        <translation>Beschädigte komprimierte Daten</translation>
    </message>
    <message>
        <source>Unsupported content encoding</source>
        <translation>Nicht unterstützte Inhaltskodierung</translation>
    </message>
</context>
<context>
    <name>Ferry::AddUrlsDialog</name>
    <message>
        <source>The checksum list URL is not valid.</source>
        <translation>Die URL der Prüfsummenliste ist ungültig.</translation>
    </message>
    <message>
        <source>Unknown checksum algorithm &quot;%1&quot;.</source>
        <translation>Unbekanntes Prüfsummenverfahren „%1“.</translation>
    </message>
    <message>
        <source>The checksum is not a hex digest (MD5, SHA-1, SHA-256 or SHA-512, optionally with a &quot;sha256:&quot; prefix) or a checksum list URL.</source>
        <translation>Die Prüfsumme ist weder ein Hex-Wert (MD5, SHA-1, SHA-256 oder SHA-512, wahlweise mit „sha256:“ davor) noch die URL einer Prüfsummenliste.</translation>
    </message>
    <message>
        <source>Add URLs</source>
        <translation>URLs hinzufügen</translation>
    </message>
    <message>
        <source>URLs, one per line</source>
        <translation>URLs, eine pro Zeile</translation>
    </message>
    <message>
        <source>https://example.org/file.iso</source>
        <translation>https://example.org/datei.iso</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose download folder</source>
        <translation>Download-Ordner wählen</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Dateiname</translation>
    </message>
    <message>
        <source>From the server (only for a single URL)</source>
        <translation>Vom Server (nur bei einer einzelnen URL)</translation>
    </message>
    <message>
        <source>Connections per download</source>
        <translation>Verbindungen pro Download</translation>
    </message>
    <message>
        <source>Used when the server allows ranges</source>
        <translation>Wird genutzt, wenn der Server Teilbereiche erlaubt</translation>
    </message>
    <message>
        <source>Speed limit</source>
        <translation>Geschwindigkeitsgrenze</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Expected checksum or checksum list URL</source>
        <translation>Erwartete Prüfsumme oder URL einer Prüfsummenliste</translation>
    </message>
    <message>
        <source>sha256:… or https://example.org/SHA256SUMS</source>
        <translation>sha256:… oder https://example.org/SHA256SUMS</translation>
    </message>
    <message>
        <source>After the download</source>
        <translation>Nach dem Download</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;URLs (one per line):</source>
        <translation>&amp;URLs (eine pro Zeile):</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>Speichern &amp;in:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>Datei&amp;name:</translation>
    </message>
    <message>
        <source>C&amp;onnections:</source>
        <translation>&amp;Verbindungen:</translation>
    </message>
    <message>
        <source>Speed &amp;limit:</source>
        <translation>&amp;Geschwindigkeitsgrenze:</translation>
    </message>
    <message>
        <source>Check&amp;sum:</source>
        <translation>&amp;Prüfsumme:</translation>
    </message>
    <message>
        <source>Not an http or https URL</source>
        <translation>Keine http- oder https-URL</translation>
    </message>
    <message numerus="yes">
        <source>Not an http or https URL on line(s) %1: correct or remove them.</source>
        <translation>
            <numerusform>Keine http- oder https-URL in Zeile %1: bitte korrigieren oder entfernen.</numerusform>
            <numerusform>Keine http- oder https-URLs in den Zeilen %1: bitte korrigieren oder entfernen.</numerusform>
        </translation>
    </message>
    <message>
        <source>An expected checksum fits one URL only; for several, give a checksum list URL.</source>
        <translation>Eine erwartete Prüfsumme passt nur zu einer URL; für mehrere bitte die URL einer Prüfsummenliste angeben.</translation>
    </message>
    <message>
        <source>Download Folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <source>Choose a download folder (a full path).</source>
        <translation>Bitte einen Download-Ordner wählen (einen vollständigen Pfad).</translation>
    </message>
</context>
<context>
    <name>Ferry::CategoryDialog</name>
    <message>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
</context>
<context>
    <name>Ferry::CategoryEditor</name>
    <message>
        <source>&amp;Sort downloads into category folders</source>
        <translation>Downloads in &amp;Kategorieordner einsortieren</translation>
    </message>
    <message>
        <source>A download goes into a folder named after its category inside the folder you chose, decided once the server has named the file</source>
        <translation>Ein Download landet im gewählten Ordner in einem Unterordner mit dem Namen seiner Kategorie, entschieden, sobald der Server die Datei benannt hat</translation>
    </message>
    <message>
        <source>Use the &amp;built-in categories: videos, archives, images, documents, programs</source>
        <translation>Die einge&amp;bauten Kategorien verwenden: Videos, Archive, Bilder, Dokumente, Programme</translation>
    </message>
    <message>
        <source>Your rules, tried before the built-in categories</source>
        <translation>Ihre Regeln, vor den eingebauten Kategorien geprüft</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <source>Host or extension</source>
        <translation>Host oder Endung</translation>
    </message>
    <message>
        <source>Category folder</source>
        <translation>Kategorieordner</translation>
    </message>
    <message>
        <source>&amp;Add Rule</source>
        <translation>Regel &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove Rule</source>
        <translation>Regel &amp;entfernen</translation>
    </message>
    <message>
        <source>Your rules come first, hosts before extensions: &quot;example.org&quot; also matches its subdomains, &quot;mkv&quot; or &quot;tar.gz&quot; matches the end of the file name.</source>
        <translation>Ihre Regeln kommen zuerst, Hosts vor Endungen: „example.org“ passt auch auf seine Subdomains, „mkv“ oder „tar.gz“ auf das Ende des Dateinamens.</translation>
    </message>
    <message>
        <source>Match by</source>
        <translation>Vergleichen nach</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Endung</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Rule %1 has no host or extension.</source>
        <translation>Regel %1 hat weder Host noch Endung.</translation>
    </message>
    <message>
        <source>Rule %1: &quot;%2&quot; cannot be a folder name (one name, no slashes, not starting with a dot).</source>
        <translation>Regel %1: „%2“ kann kein Ordnername sein (ein einzelner Name, ohne Schrägstriche, nicht mit einem Punkt am Anfang).</translation>
    </message>
</context>
<context>
    <name>Ferry::DuplicateFilter</name>
    <message>
        <source>%1 is already in the queue</source>
        <translation>%1 ist schon in der Liste</translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation>%1 gibt es schon</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Already Downloaded or Queued</source>
        <translation>Schon heruntergeladen oder in der Liste</translation>
    </message>
    <message numerus="yes">
        <source>%n of the URLs you are adding is already in the queue or downloaded:</source>
        <translation>
            <numerusform>%n der hinzugefügten URLs ist schon in der Liste oder heruntergeladen:</numerusform>
            <numerusform>%n der hinzugefügten URLs sind schon in der Liste oder heruntergeladen:</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Skip Duplicates</source>
        <translation>Doppelte &amp;überspringen</translation>
    </message>
    <message>
        <source>&amp;Download Again Under a New Name</source>
        <translation>Unter neuem Namen erneut &amp;herunterladen</translation>
    </message>
</context>
<context>
    <name>Ferry::EngineHost</name>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>The queue could not be saved; it keeps running in memory: %1</source>
        <translation>Die Liste konnte nicht gespeichert werden; sie läuft im Speicher weiter: %1</translation>
    </message>
    <message>
        <source>The folder for the queue (%1) cannot be created; this session&apos;s tasks will not be kept.</source>
        <translation>Der Ordner für die Liste (%1) kann nicht angelegt werden; die Aufgaben dieser Sitzung werden nicht aufbewahrt.</translation>
    </message>
    <message>
        <source>The queue could not be opened; this session&apos;s tasks will not be kept: %1</source>
        <translation>Die Liste konnte nicht geöffnet werden; die Aufgaben dieser Sitzung werden nicht aufbewahrt: %1</translation>
    </message>
    <message>
        <source>The saved queue was damaged and has been set aside: %1</source>
        <translation>Die gespeicherte Liste war beschädigt und wurde beiseitegelegt: %1</translation>
    </message>
</context>
<context>
    <name>Ferry::LatencyLabel</name>
    <message>
        <source>Event loop lateness</source>
        <translation>Verspätung der Ereignisschleife</translation>
    </message>
    <message>
        <source>How late the window&apos;s event loop runs a 16 ms timer over the last 5 seconds: a high value means the window could not react or paint for that long.</source>
        <translation>Wie verspätet die Ereignisschleife des Fensters in den letzten 5 Sekunden einen 16-ms-Timer ausführt: Ein hoher Wert heißt, dass das Fenster so lange weder reagieren noch zeichnen konnte.</translation>
    </message>
    <message>
        <source>Lateness: measuring…</source>
        <translation>Verspätung: wird gemessen…</translation>
    </message>
    <message>
        <source>Lateness p50 %1 ms · p99 %2 ms · max %3 ms</source>
        <translation>Verspätung p50 %1 ms · p99 %2 ms · max. %3 ms</translation>
    </message>
</context>
<context>
    <name>Ferry::LinkOfferBar</name>
    <message>
        <source>Copied links</source>
        <translation>Kopierte Links</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>Add the copied links</source>
        <translation>Die kopierten Links hinzufügen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Link copied: %1</source>
        <translation>Link kopiert: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) copied: %1 …</source>
        <translation>
            <numerusform>%n Link kopiert: %1 …</numerusform>
            <numerusform>%n Links kopiert: %1 …</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::LocalFilesDialog</name>
    <message>
        <source>Process Local Files</source>
        <translation>Lokale Dateien verarbeiten</translation>
    </message>
    <message>
        <source>Files and folders, one per line</source>
        <translation>Dateien und Ordner, einer pro Zeile</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add F&amp;older…</source>
        <translation>&amp;Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>&amp;Process</source>
        <translation>&amp;Verarbeiten</translation>
    </message>
    <message>
        <source>&amp;Input files and folders (one per line):</source>
        <translation>&amp;Eingabedateien und -ordner (einer pro Zeile):</translation>
    </message>
    <message>
        <source>Files to Process</source>
        <translation>Zu verarbeitende Dateien</translation>
    </message>
    <message>
        <source>Folder to Process</source>
        <translation>Zu verarbeitender Ordner</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a full path.</source>
        <translation>„%1“ ist kein vollständiger Pfad.</translation>
    </message>
    <message>
        <source>Choose at least one step.</source>
        <translation>Bitte mindestens einen Schritt wählen.</translation>
    </message>
</context>
<context>
    <name>Ferry::MainWindow</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>&amp;Add URLs…</source>
        <translation>URLs &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add downloads from a list of URLs</source>
        <translation>Downloads aus einer Liste von URLs hinzufügen</translation>
    </message>
    <message>
        <source>Process &amp;Local Files…</source>
        <translation>&amp;Lokale Dateien verarbeiten…</translation>
    </message>
    <message>
        <source>Verify, extract, decompress or make thumbnails of files already here</source>
        <translation>Vorhandene Dateien prüfen, entpacken, dekomprimieren oder Vorschaubilder erzeugen</translation>
    </message>
    <message>
        <source>Add URLs from Clip&amp;board</source>
        <translation>URLs aus der &amp;Zwischenablage hinzufügen</translation>
    </message>
    <message>
        <source>Open the add dialog with the URLs on the clipboard</source>
        <translation>Den Hinzufügen-Dialog mit den URLs aus der Zwischenablage öffnen</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit Ferry</source>
        <translation>Ferry beenden</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>&amp;Aufgaben</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>Show tasks</source>
        <translation>Aufgaben anzeigen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Task queue</source>
        <translation>Aufgabenliste</translation>
    </message>
    <message>
        <source>Waiting for a free slot (3 downloads</source>
        <translation>Warten auf einen freien Platz (3 Downloads</translation>
    </message>
    <message>
        <source>Filter tasks</source>
        <translation>Aufgaben filtern</translation>
    </message>
    <message>
        <source>Filter by name, URL or path (Ctrl+F)</source>
        <translation>Nach Name, URL oder Pfad filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Download speed</source>
        <translation>Download-Geschwindigkeit</translation>
    </message>
    <message>
        <source>Task counts</source>
        <translation>Anzahl der Aufgaben</translation>
    </message>
    <message>
        <source>↓ %1</source>
        <translation>↓ %1</translation>
    </message>
    <message>
        <source>Active %1 · Queued %2 · Finished %3 · Failed %4</source>
        <translation>Aktiv %1 · Wartend %2 · Fertig %3 · Fehlgeschlagen %4</translation>
    </message>
    <message>
        <source>All (%1)</source>
        <translation>Alle (%1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Processing %n path(s)</source>
        <translation>
            <numerusform>%n Pfad wird verarbeitet</numerusform>
            <numerusform>%n Pfade werden verarbeitet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n download(s)</source>
        <translation>
            <numerusform>%n Download hinzugefügt</numerusform>
            <numerusform>%n Downloads hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished %1</source>
        <translation>%1 fertig</translation>
    </message>
    <message>
        <source>Failed %1: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Cancelled %1</source>
        <translation>%1 abgebrochen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Limits, folders and behaviour</source>
        <translation>Grenzen, Ordner und Verhalten</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>Ein&amp;stellungen</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>&amp;Import URL List…</source>
        <translation>URL-Liste &amp;importieren…</translation>
    </message>
    <message>
        <source>Add the URLs listed in a text file</source>
        <translation>Die URLs aus einer Textdatei hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Export URL List…</source>
        <translation>URL-Liste e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save the URLs of the queue&apos;s downloads in a text file, one per line</source>
        <translation>Die URLs der Downloads in der Liste in einer Textdatei speichern, eine pro Zeile</translation>
    </message>
    <message numerus="yes">
        <source>%n URL(s) read from %1</source>
        <translation>
            <numerusform>%n URL aus %1 gelesen</numerusform>
            <numerusform>%n URLs aus %1 gelesen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n URL(s) read from %1; %2 line(s) are not URLs and are marked</source>
        <translation>
            <numerusform>%n URL aus %1 gelesen; %2 Zeile(n) ohne URL sind markiert</numerusform>
            <numerusform>%n URLs aus %1 gelesen; %2 Zeile(n) ohne URL sind markiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n URL(s) written to %1</source>
        <translation>
            <numerusform>%n URL in %1 geschrieben</numerusform>
            <numerusform>%n URLs in %1 geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Categories…</source>
        <translation>&amp;Kategorien…</translation>
    </message>
    <message>
        <source>Rules that sort downloads into folders by file type or host</source>
        <translation>Regeln, die Downloads nach Dateityp oder Host in Ordner sortieren</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>Show downloads of the type</source>
        <translation>Downloads dieses Typs anzeigen</translation>
    </message>
    <message numerus="yes">
        <source>%1; skipped %n duplicate(s)</source>
        <translation>
            <numerusform>%1; %n doppelte übersprungen</numerusform>
            <numerusform>%1; %n doppelte übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
</context>
<context>
    <name>Ferry::NotificationPolicy</name>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>Fertig: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) finished</source>
        <translation>
            <numerusform>%n Download fertig</numerusform>
            <numerusform>%n Downloads fertig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) finished</source>
        <translation>
            <numerusform>%n Aufgabe fertig</numerusform>
            <numerusform>%n Aufgaben fertig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weitere</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n failed)</source>
        <translation>
            <numerusform>%1 (%n fehlgeschlagen)</numerusform>
            <numerusform>%1 (%n fehlgeschlagen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
</context>
<context>
    <name>Ferry::QuitGuard</name>
    <message>
        <source>They keep what they have done and continue when Ferry starts again.</source>
        <translation>Sie behalten, was sie geschafft haben, und laufen beim nächsten Start von Ferry weiter.</translation>
    </message>
    <message>
        <source>They keep what they have done and wait, paused, for the next start.</source>
        <translation>Sie behalten, was sie geschafft haben, und warten angehalten auf den nächsten Start.</translation>
    </message>
    <message>
        <source>Quit Ferry</source>
        <translation>Ferry beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) are not finished yet.</source>
        <translation>
            <numerusform>%n Aufgabe ist noch nicht fertig.</numerusform>
            <numerusform>%n Aufgaben sind noch nicht fertig.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Quit and Resume Later</source>
        <translation>&amp;Beenden und später fortsetzen</translation>
    </message>
</context>
<context>
    <name>Ferry::RecipeEditor</name>
    <message>
        <source>&amp;Verify checksum</source>
        <translation>Prüfsumme &amp;prüfen</translation>
    </message>
    <message>
        <source>Against the expected checksum, a checksum list, or a .sha256 or SHA256SUMS file beside it</source>
        <translation>Gegen die erwartete Prüfsumme, eine Prüfsummenliste oder eine .sha256- bzw. SHA256SUMS-Datei daneben</translation>
    </message>
    <message>
        <source>De&amp;compress</source>
        <translation>De&amp;komprimieren</translation>
    </message>
    <message>
        <source>.gz, .bz2, .xz, .zst single files</source>
        <translation>Einzelne .gz-, .bz2-, .xz- und .zst-Dateien</translation>
    </message>
    <message>
        <source>E&amp;xtract archive</source>
        <translation>Archiv &amp;entpacken</translation>
    </message>
    <message>
        <source>Into a folder named after the archive</source>
        <translation>In einen Ordner mit dem Namen des Archivs</translation>
    </message>
    <message>
        <source>&amp;Delete the archive after extracting</source>
        <translation>Archiv nach dem Entpacken &amp;löschen</translation>
    </message>
    <message>
        <source>Only when the extraction succeeded</source>
        <translation>Nur wenn das Entpacken gelungen ist</translation>
    </message>
    <message>
        <source>T&amp;humbnails, longest side:</source>
        <translation>&amp;Vorschaubilder, längste Seite:</translation>
    </message>
    <message>
        <source>Of the image, or of the images in the extracted folder, into thumbnails/</source>
        <translation>Vom Bild oder von den Bildern im entpackten Ordner, nach thumbnails/</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Größe der Vorschaubilder</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
</context>
<context>
    <name>Ferry::SegmentMap</name>
    <message>
        <source>Segment map</source>
        <translation>Segmentkarte</translation>
    </message>
    <message numerus="yes">
        <source>%n range(s)</source>
        <translation>
            <numerusform>%n Teilbereich</numerusform>
            <numerusform>%n Teilbereiche</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ferry::SelectionActions</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Pause the selected tasks</source>
        <translation>Die ausgewählten Aufgaben anhalten</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Resume the selected tasks</source>
        <translation>Die ausgewählten Aufgaben fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>Cancel the selected tasks</source>
        <translation>Die ausgewählten Aufgaben abbrechen</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Start the selected failed or cancelled tasks again</source>
        <translation>Die ausgewählten fehlgeschlagenen oder abgebrochenen Aufgaben neu starten</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected tasks from the list; files stay</source>
        <translation>Die ausgewählten Aufgaben aus der Liste entfernen; die Dateien bleiben</translation>
    </message>
    <message>
        <source>Remove with &amp;Files</source>
        <translation>Mit &amp;Dateien entfernen</translation>
    </message>
    <message>
        <source>Remove the selected tasks and delete their files</source>
        <translation>Die ausgewählten Aufgaben entfernen und ihre Dateien löschen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <source>Open the finished file</source>
        <translation>Die fertige Datei öffnen</translation>
    </message>
    <message>
        <source>Open Containing &amp;Folder</source>
        <translation>Enthaltenden O&amp;rdner öffnen</translation>
    </message>
    <message>
        <source>Show the folder that holds the file</source>
        <translation>Den Ordner mit der Datei anzeigen</translation>
    </message>
    <message>
        <source>Copy &amp;URL</source>
        <translation>URL &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the URLs of the selected downloads</source>
        <translation>Die URLs der ausgewählten Downloads kopieren</translation>
    </message>
    <message>
        <source>Copy C&amp;hecksum</source>
        <translation>&amp;Prüfsumme kopieren</translation>
    </message>
    <message>
        <source>Copy the digests computed for the selected tasks</source>
        <translation>Die für die ausgewählten Aufgaben berechneten Prüfsummen kopieren</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Start the selected tasks before the others</source>
        <translation>Die ausgewählten Aufgaben vor den anderen starten</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Start the selected tasks after the others</source>
        <translation>Die ausgewählten Aufgaben nach den anderen starten</translation>
    </message>
    <message>
        <source>Remove with Files</source>
        <translation>Mit Dateien entfernen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n task(s) and delete their files?</source>
        <translation>
            <numerusform>%n Aufgabe entfernen und ihre Dateien löschen?</numerusform>
            <numerusform>%n Aufgaben entfernen und ihre Dateien löschen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n task(s) from the list? Files stay on disk.</source>
        <translation>
            <numerusform>%n Aufgabe aus der Liste entfernen? Die Dateien bleiben erhalten.</numerusform>
            <numerusform>%n Aufgaben aus der Liste entfernen? Die Dateien bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove and Delete Files</source>
        <translation>Entfernen und Dateien löschen</translation>
    </message>
</context>
<context>
    <name>Ferry::SettingsDialog</name>
    <message>
        <source>From %1 to %2</source>
        <translation>Von %1 bis %2</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <source>The system&apos;s download folder (%1)</source>
        <translation>Der Download-Ordner des Systems (%1)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose download folder</source>
        <translation>Download-Ordner wählen</translation>
    </message>
    <message>
        <source>Downloads at once</source>
        <translation>Gleichzeitige Downloads</translation>
    </message>
    <message>
        <source>Downloads per server</source>
        <translation>Downloads pro Server</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <source>Connections per download</source>
        <translation>Verbindungen pro Download</translation>
    </message>
    <message>
        <source>The default for new downloads, used when the server allows ranges (%1 to %2)</source>
        <translation>Voreinstellung für neue Downloads, wenn der Server Teilbereiche erlaubt (%1 bis %2)</translation>
    </message>
    <message>
        <source>Global speed limit</source>
        <translation>Gesamte Geschwindigkeitsgrenze</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>For all downloads together</source>
        <translation>Für alle Downloads zusammen</translation>
    </message>
    <message>
        <source>Processing jobs at once</source>
        <translation>Gleichzeitige Verarbeitungen</translation>
    </message>
    <message>
        <source>One per CPU core</source>
        <translation>Eine pro CPU-Kern</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Stall timeout</source>
        <translation>Zeitlimit bei Stillstand</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>A download that receives nothing for this long is retried (%1 to %2 s)</source>
        <translation>Ein Download, der so lange nichts empfängt, wird wiederholt (%1 bis %2 s)</translation>
    </message>
    <message>
        <source>Unfinished tasks on start</source>
        <translation>Unfertige Aufgaben beim Start</translation>
    </message>
    <message>
        <source>Resume them</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Keep them paused</source>
        <translation>Angehalten lassen</translation>
    </message>
    <message>
        <source>&amp;Notify when a task finishes or fails</source>
        <translation>&amp;Benachrichtigen, wenn eine Aufgabe fertig ist oder fehlschlägt</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Offer to add &amp;links copied to the clipboard</source>
        <translation>Anbieten, in die Zwischenablage kopierte &amp;Links hinzuzufügen</translation>
    </message>
    <message>
        <source>Clipboard monitoring</source>
        <translation>Zwischenablage beobachten</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Download &amp;folder:</source>
        <translation>Download-&amp;Ordner:</translation>
    </message>
    <message>
        <source>Downloads at &amp;once:</source>
        <translation>&amp;Gleichzeitige Downloads:</translation>
    </message>
    <message>
        <source>Downloads per &amp;server:</source>
        <translation>Downloads pro &amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Connections per download:</source>
        <translation>&amp;Verbindungen pro Download:</translation>
    </message>
    <message>
        <source>Global speed &amp;limit:</source>
        <translation>Gesa&amp;mte Geschwindigkeitsgrenze:</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>&amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>Stall &amp;timeout:</source>
        <translation>&amp;Zeitlimit bei Stillstand:</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>Verarbeitung</translation>
    </message>
    <message>
        <source>Processing &amp;jobs at once:</source>
        <translation>Gleichzeitige Verarbeit&amp;ungen:</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Verhalten</translation>
    </message>
    <message>
        <source>Unfinished tasks on st&amp;art:</source>
        <translation>Unfertige Aufgaben beim St&amp;art:</translation>
    </message>
    <message>
        <source>The download folder must be a full path, or empty for the system&apos;s.</source>
        <translation>Der Download-Ordner muss ein vollständiger Pfad sein, oder leer für den des Systems.</translation>
    </message>
    <message>
        <source>Download Folder</source>
        <translation>Download-Ordner</translation>
    </message>
</context>
<context>
    <name>Ferry::StreamHasher</name>
    <message>
        <source>Cannot duplicate the file descriptor: %1</source>
        <translation>Der Dateideskriptor kann nicht dupliziert werden: %1</translation>
    </message>
    <message>
        <source>Hash input out of order: %1 bytes at offset %2, expected offset %3</source>
        <translation>Prüfsummen-Eingabe außer der Reihe: %1 Bytes bei Offset %2, erwartet war Offset %3</translation>
    </message>
    <message>
        <source>Hash input out of order: %1 bytes from the file at offset %2, expected offset %3</source>
        <translation>Prüfsummen-Eingabe außer der Reihe: %1 Bytes aus der Datei bei Offset %2, erwartet war Offset %3</translation>
    </message>
    <message>
        <source>Cannot hash from the file: no file descriptor</source>
        <translation>Die Prüfsumme kann nicht aus der Datei berechnet werden: kein Dateideskriptor</translation>
    </message>
    <message>
        <source>Cannot read the file at offset %1 for hashing: %2</source>
        <translation>Die Datei kann bei Offset %1 nicht für die Prüfsumme gelesen werden: %2</translation>
    </message>
    <message>
        <source>The file ends at offset %1, but hashing needs it up to offset %2</source>
        <translation>Die Datei endet bei Offset %1, die Prüfsumme braucht sie aber bis Offset %2</translation>
    </message>
</context>
<context>
    <name>Ferry::TaskDetailsPanel</name>
    <message>
        <source>Select a task to see its details.</source>
        <translation>Wählen Sie eine Aufgabe, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Final URL:</source>
        <translation>Endgültige URL:</translation>
    </message>
    <message>
        <source>Input:</source>
        <translation>Eingabe:</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>ETag:</source>
        <translation>ETag:</translation>
    </message>
    <message>
        <source>Last-Modified:</source>
        <translation>Zuletzt geändert:</translation>
    </message>
    <message>
        <source>Connections:</source>
        <translation>Verbindungen:</translation>
    </message>
    <message>
        <source>Segments:</source>
        <translation>Segmente:</translation>
    </message>
    <message>
        <source>Checksum:</source>
        <translation>Prüfsumme:</translation>
    </message>
    <message>
        <source>Expected:</source>
        <translation>Erwartet:</translation>
    </message>
    <message>
        <source>Pipeline steps</source>
        <translation>Schritte der Pipeline</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
    <message>
        <source>Task details</source>
        <translation>Aufgabendetails</translation>
    </message>
    <message>
        <source>Task log</source>
        <translation>Aufgabenprotokoll</translation>
    </message>
    <message>
        <source>This task is no longer in the queue.</source>
        <translation>Diese Aufgabe ist nicht mehr in der Liste.</translation>
    </message>
    <message numerus="yes">
        <source>%n range(s)</source>
        <translation>
            <numerusform>%n Teilbereich</numerusform>
            <numerusform>%n Teilbereiche</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 open, %2</source>
        <translation>%1 offen, %2</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>Ferry::TaskTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Extract</source>
        <translation>Entpacken</translation>
    </message>
    <message>
        <source>Decompress</source>
        <translation>Dekomprimieren</translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>Vorschaubilder</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Prüfsumme</translation>
    </message>
    <message>
        <source>Checksum list</source>
        <translation>Prüfsummenliste</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Delete archive</source>
        <translation>Archiv löschen</translation>
    </message>
    <message>
        <source>Nothing</source>
        <translation>Nichts</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>task state: reason</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>task state: what it does</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>task state (detail)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1/s</source>
        <comment>bytes per second</comment>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>seconds</comment>
        <translation>%1s</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <comment>minutes, seconds</comment>
        <translation>%1m %2s</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>hours, minutes</comment>
        <translation>%1h %2m</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <comment>days, hours</comment>
        <translation>%1d %2h</translation>
    </message>
    <message>
        <source>%1%</source>
        <comment>percent</comment>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <source>Archives</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Programs</source>
        <translation>Programme</translation>
    </message>
</context>
<context>
    <name>Ferry::ThroughputGraph</name>
    <message>
        <source>Throughput graph</source>
        <translation>Durchsatzdiagramm</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>Download %1</translation>
    </message>
    <message>
        <source>Processing %1</source>
        <translation>Verarbeitung %1</translation>
    </message>
    <message numerus="yes">
        <source>last %n min</source>
        <translation>
            <numerusform>letzte %n min</numerusform>
            <numerusform>letzte %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last %n s</source>
        <translation>
            <numerusform>letzte %n s</numerusform>
            <numerusform>letzte %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
</context>
<context>
    <name>Ferry::ThroughputPanel</name>
    <message>
        <source>Time shown</source>
        <translation>Gezeigter Zeitraum</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 Minuten</translation>
    </message>
    <message>
        <source>30 minutes</source>
        <translation>30 Minuten</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
</context>
<context>
    <name>Ferry::TimelineLegend</name>
    <message>
        <source>Timeline legend</source>
        <translation>Legende der Zeitleiste</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Ferry::TimelinePanel</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Timeline controls</source>
        <translation>Steuerung der Zeitleiste</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>Vergrößern (+, Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom out (-, Ctrl+wheel)</source>
        <translation>Verkleinern (-, Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show the whole session (0)</source>
        <translation>Die ganze Sitzung zeigen (0)</translation>
    </message>
    <message>
        <source>Follow Now</source>
        <translation>Jetzt folgen</translation>
    </message>
    <message>
        <source>Keep the present in view (End)</source>
        <translation>Die Gegenwart im Blick behalten (Ende)</translation>
    </message>
    <message>
        <source>Export Trace…</source>
        <translation>Trace exportieren…</translation>
    </message>
    <message>
        <source>Save the timeline as Chrome Trace Event JSON, which Perfetto opens</source>
        <translation>Die Zeitleiste als Chrome-Trace-Event-JSON speichern, das Perfetto öffnet</translation>
    </message>
    <message>
        <source>Trace saved as %1</source>
        <translation>Trace gespeichert als %1</translation>
    </message>
    <message>
        <source>Export Trace</source>
        <translation>Trace exportieren</translation>
    </message>
    <message>
        <source>Chrome trace (*.json)</source>
        <translation>Chrome-Trace (*.json)</translation>
    </message>
</context>
<context>
    <name>Ferry::TimelineView</name>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>Tasks as bars over time, one row per worker and per connection. Arrow keys move between bars, Enter selects the task, plus and minus zoom.</source>
        <translation>Aufgaben als Balken über der Zeit, eine Zeile pro Arbeiter und pro Verbindung. Pfeiltasten wechseln zwischen Balken, Eingabe wählt die Aufgabe, Plus und Minus zoomen.</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>%1:%2</source>
        <translation>%1:%2</translation>
    </message>
    <message>
        <source>Following now</source>
        <translation>Folgt der Gegenwart</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Nothing has run yet. Downloads and steps appear here as bars while they run.</source>
        <translation>Noch ist nichts gelaufen. Downloads und Schritte erscheinen hier als Balken, während sie laufen.</translation>
    </message>
</context>
<context>
    <name>Ferry::TrayIcon</name>
    <message>
        <source>&amp;Hide Window</source>
        <translation>Fenster &amp;ausblenden</translation>
    </message>
    <message>
        <source>&amp;Pause All</source>
        <translation>Alle an&amp;halten</translation>
    </message>
    <message>
        <source>&amp;Resume All</source>
        <translation>Alle &amp;fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Show Window</source>
        <translation>Fenster &amp;anzeigen</translation>
    </message>
</context>
<context>
    <name>Ferry::UrlListFiles</name>
    <message>
        <source>Import URL List</source>
        <translation>URL-Liste importieren</translation>
    </message>
    <message>
        <source>Text files (*.txt *.list);;All files (*)</source>
        <translation>Textdateien (*.txt *.list);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export URL List</source>
        <translation>URL-Liste exportieren</translation>
    </message>
    <message>
        <source>ferry-urls.txt</source>
        <translation>ferry-urls.txt</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not import the URL list: %1</source>
        <translation>Die URL-Liste konnte nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>Could not export the URL list: %1</source>
        <translation>Die URL-Liste konnte nicht exportiert werden: %1</translation>
    </message>
</context>
<context>
    <name>TrayStatus</name>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message numerus="yes">
        <source>All %n task(s) finished</source>
        <translation>
            <numerusform>%n Aufgabe fertig</numerusform>
            <numerusform>Alle %n Aufgaben fertig</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to do</source>
        <translation>Nichts zu tun</translation>
    </message>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%n wartend</numerusform>
            <numerusform>%n wartend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>↓ %1</source>
        <translation>↓ %1</translation>
    </message>
    <message numerus="yes">
        <source>%1% of %n download(s): %2 of %3</source>
        <translation>
            <numerusform>%1% von %n Download: %2 von %3</numerusform>
            <numerusform>%1% von %n Downloads: %2 von %3</numerusform>
        </translation>
    </message>
</context>
</TS>
