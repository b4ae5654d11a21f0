import { deleteFileAction } from "@/server/connectors/builtin/sftp/actions/delete-file";
import { downloadFileAction } from "@/server/connectors/builtin/sftp/actions/download-file";
import { listFilesAction } from "@/server/connectors/builtin/sftp/actions/list-files";
import { moveFileAction } from "@/server/connectors/builtin/sftp/actions/move-file";
import { uploadFileAction } from "@/server/connectors/builtin/sftp/actions/upload-file";
import { defineConnector } from "@/server/connectors/framework/define-connector";
import { checkSftpLogin } from "./sftp-context";
import { sftpCredentialFields, validateSftpCredentials } from "./sftp-credentials";

/**
 * SFTP: list, download, upload, move and delete files on a customer's server. Not HTTP: actions
 * open an SSH session with the connection's decrypted credentials, to an address the
 * organization's network policy approves (loopback and private ranges only when allow-listed).
 */
export const sftpConnector = defineConnector({
  key: "sftp",
  name: "SFTP",
  description: "Exchange files with an SFTP server (password or private key).",
  auth: {
    kind: "credentials",
    label: "SFTP server",
    description: "The server's address and an account on it. Give a password or a private key (OpenSSH or PEM format).",
    fields: sftpCredentialFields,
    validate: validateSftpCredentials,
    accountLabel: checkSftpLogin,
  },
  actions: {
    listFiles: listFilesAction,
    downloadFile: downloadFileAction,
    uploadFile: uploadFileAction,
    moveFile: moveFileAction,
    deleteFile: deleteFileAction,
  },
});
