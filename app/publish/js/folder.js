// Writing the publication straight into the site's data folder where the browser allows it (the
// File System Access API: Chrome, Edge and other Chromium-based browsers). The content-hashed
// files go first, then manifest.json: the site turns to the new publication at that one write
// (each file is written aside and moved into place when it is closed), and the old publication's
// files stay, so a page opened before the switch keeps working. After it come the fixed-name
// copies of the first-view texts (first/), which the finder uses only when they match the manifest.

export function kg_folder_supported() {
  return typeof window.showDirectoryPicker === 'function';
}

// The folder the clerk picks, if it is a site's data folder (named data, or holding a
// manifest.json) or a site's root (holding one): its data folder. Otherwise an error naming it.
async function dataFolder(dir) {
  const has = async (name, kind) => {
    try {
      await (kind === 'dir' ? dir.getDirectoryHandle(name) : dir.getFileHandle(name));
      return true;
    } catch (e) {
      if (e.name === 'NotFoundError' || e.name === 'TypeMismatchError') return false;
      throw e;
    }
  };
  if (await has('data', 'dir')) return dir.getDirectoryHandle('data');
  if (dir.name === 'data' || (await has('manifest.json', 'file'))) return dir;
  throw new Error(`所选文件夹“${dir.name}”不是网站的 data 文件夹：其中既没有 manifest.json，也没有 data 文件夹`);
}

// `files`: [path, Uint8Array] pairs in kg_pipeline::bundle::publication_files's order. Resolves to [folder name, files written];
// resolves to null when the clerk closes the picker.
export async function kg_folder_write(files) {
  let picked;
  try {
    picked = await window.showDirectoryPicker({ id: 'kg-data', mode: 'readwrite' });
  } catch (e) {
    if (e.name === 'AbortError') return null;
    throw e;
  }
  const dir = await dataFolder(picked);
  let n = 0;
  for (const [path, bytes] of files) {
    const parts = path.split('/');
    let d = dir;
    for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p, { create: true });
    const w = await (await d.getFileHandle(parts[parts.length - 1], { create: true })).createWritable();
    try {
      await w.write(bytes);
      await w.close();
    } catch (e) {
      await w.abort().catch(() => {});
      throw new Error(`${path}：${e.message || e.name}`);
    }
    n++;
  }
  return [dir.name, n];
}
