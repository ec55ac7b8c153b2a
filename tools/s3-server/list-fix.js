'use strict';

// s3rver 3.7.1 drops CommonPrefixes whenever a delimiter is given: its filesystem walk prunes
// every directory below a common prefix before any key in it is seen, so "skills/" never shows
// up in a non-recursive listing. This wraps the store so that delimited listings are computed
// from the full (undelimited) listing instead.
//
// Paging with a delimiter: MaxKeys limits the objects of a page (s3rver derives the next
// marker / continuation token from the last object), and a page carries the common prefixes
// that sort between the previous marker and its last object, so no prefix repeats or is lost.

function commonPrefixOf(key, prefix, delimiter) {
  const index = key.indexOf(delimiter, prefix.length);
  return index === -1 ? null : key.slice(0, index + delimiter.length);
}

function fixDelimitedListing(store) {
  const listAll = store.listObjects.bind(store);
  store.listObjects = async function listObjects(bucket, options) {
    const { delimiter = '', prefix = '', startAfter = '', maxKeys = Infinity } = options;
    if (!delimiter) {
      return listAll(bucket, options);
    }

    const { objects: all } = await listAll(bucket, { prefix });
    all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    const objects = [];
    const prefixes = new Set();
    let isTruncated = false;
    for (const object of all) {
      const common = commonPrefixOf(object.key, prefix, delimiter);
      if (common !== null) {
        // A prefix that the marker lies inside was already returned on an earlier page.
        if (common > startAfter && !startAfter.startsWith(common)) prefixes.add(common);
        continue;
      }
      if (object.key <= startAfter) continue;
      if (objects.length === maxKeys) {
        isTruncated = true;
        break;
      }
      objects.push(object);
    }

    let commonPrefixes = [...prefixes].sort();
    if (isTruncated) {
      const lastKey = objects.length ? objects[objects.length - 1].key : startAfter;
      commonPrefixes = commonPrefixes.filter(p => p <= lastKey);
    }
    if (isTruncated && objects.length === 0) {
      // maxKeys of 0 is answered by s3rver before the store is asked; nothing else gets here.
      isTruncated = false;
    }
    return { objects, commonPrefixes, isTruncated };
  };
}

module.exports = { fixDelimitedListing };
