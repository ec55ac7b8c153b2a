'use strict';

// s3rver 3.7.1 deletes the objects of a Multi-Object Delete concurrently, and each delete then
// removes the directories it emptied. Two deletes under one prefix race: one removes a directory
// the other is still reading, and the whole request fails with InternalError. Running the store's
// deletes one at a time removes the race; real S3 and MinIO have no such limit.

function serializeDeletes(store) {
  const deleteOne = store.deleteObject.bind(store);
  let tail = Promise.resolve();
  store.deleteObject = function deleteObject(bucket, key) {
    const run = tail.then(() => deleteOne(bucket, key));
    // The next delete waits for this one whether it succeeds or fails.
    tail = run.catch(() => {});
    return run;
  };
}

module.exports = { serializeDeletes };
